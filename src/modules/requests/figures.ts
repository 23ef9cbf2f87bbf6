import { sql } from 'kysely';
import type { Executor } from '#platform/db/database.js';
import { APPLICANT_KINDS, OUTCOMES, REMEDY_KINDS, REMEDY_RESULTS, type ApplicantKind, type Outcome, type RemedyKind, type RemedyResult } from './outcomes.js';

/** A row of table 3: one count per applicant column plus the total. */
export type Table3Row = Record<ApplicantKind | 'total', number>;
export type Table3Key = 'newReceived' | 'carriedOver' | Outcome | 'totalProcessed' | 'carriedForward';
export type Table3 = Record<Table3Key, Table3Row>;
export type Table4 = Record<RemedyKind, Record<RemedyResult | 'total', number>>;

const emptyRow = (): Table3Row => ({ naturalPerson: 0, commercial: 0, research: 0, social: 0, legal: 0, other: 0, total: 0 });

/**
 * Annual-report table 3 for the agencies under `orgPath` over [from, to] (inclusive civil dates).
 * An application counts from its receipt date (Art. 31) and is processed on its closing date, so
 * new + carried over = processed + carried forward holds by construction (ogi-rules §2.5).
 */
export async function table3(db: Executor, orgPath: string, from: string, to: string): Promise<Table3> {
  const rows = await db
    .selectFrom('requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.orgId')
    .select([
      'r.applicantKind',
      sql<string>`CASE
        WHEN r.received_on >= ${from} THEN 'new' ELSE 'old' END`.as('inflow'),
      sql<string | null>`CASE WHEN r.closed_on BETWEEN ${from} AND ${to} THEN r.outcome END`.as('outcome'),
      sql<string>`count(*)`.as('n'),
    ])
    .where('o.path', 'like', `${orgPath}%`)
    .where('r.receivedOn', 'is not', null)
    .where('r.receivedOn', '<=', to)
    .where((eb) => eb.or([eb('r.closedOn', 'is', null), eb('r.closedOn', '>=', from)]))
    .groupBy(['r.applicantKind', 'inflow', sql`3`])
    .execute();
  const t = Object.fromEntries([...(['newReceived', 'carriedOver', 'totalProcessed', 'carriedForward'] as const), ...OUTCOMES].map((k) => [k, emptyRow()])) as Table3;
  for (const r of rows) {
    const col = r.applicantKind as ApplicantKind;
    const n = Number(r.n);
    const add = (key: Table3Key) => {
      t[key][col] += n;
      t[key].total += n;
    };
    add(r.inflow === 'new' ? 'newReceived' : 'carriedOver');
    if (r.outcome && (OUTCOMES as readonly string[]).includes(r.outcome)) {
      add(r.outcome as Outcome);
      add('totalProcessed');
    } else add('carriedForward');
  }
  return t;
}

/** Annual-report table 4: 行政复议 and 行政诉讼 filed in the period, by their result as of `to`. */
export async function table4(db: Executor, orgPath: string, from: string, to: string): Promise<Table4> {
  const rows = await db
    .selectFrom('requestRemedies as m')
    .innerJoin('requests as r', 'r.id', 'm.requestId')
    .innerJoin('organisations as o', 'o.id', 'r.orgId')
    .select(['m.kind', sql<string>`CASE WHEN m.decided_on IS NULL OR m.decided_on > ${to} THEN 'pending' ELSE m.result END`.as('result'), sql<string>`count(*)`.as('n')])
    .where('o.path', 'like', `${orgPath}%`)
    .where('m.filedOn', '>=', from)
    .where('m.filedOn', '<=', to)
    .groupBy(['m.kind', sql`2`])
    .execute();
  const t = Object.fromEntries(REMEDY_KINDS.map((k) => [k, Object.fromEntries([...REMEDY_RESULTS, 'total'].map((x) => [x, 0]))])) as Table4;
  for (const r of rows) {
    t[r.kind][r.result as RemedyResult] += Number(r.n);
    t[r.kind].total += Number(r.n);
  }
  return t;
}

/** The identities of ogi-rules §2.5 that a table 3 must satisfy; returns the broken ones in Chinese. */
export function table3Problems(t: Table3): string[] {
  const problems: string[] = [];
  for (const col of [...APPLICANT_KINDS, 'total'] as const) {
    const sum = OUTCOMES.reduce((s, o) => s + t[o][col], 0);
    if (sum !== t.totalProcessed[col]) problems.push(`${col}列：各办理结果之和（${sum}）不等于总计（${t.totalProcessed[col]}）。`);
    if (t.newReceived[col] + t.carriedOver[col] !== t.totalProcessed[col] + t.carriedForward[col]) {
      problems.push(`${col}列：本年新收加上年结转（${t.newReceived[col] + t.carriedOver[col]}）不等于办理总计加结转下年（${t.totalProcessed[col] + t.carriedForward[col]}）。`);
    }
  }
  for (const [key, row] of Object.entries(t)) {
    const sum = APPLICANT_KINDS.reduce((s, c) => s + row[c], 0);
    if (sum !== row.total) problems.push(`${key}行：各类申请人之和（${sum}）不等于总计（${row.total}）。`);
  }
  return problems;
}
