import type { Insertable } from 'kysely';
import { systemActor } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Database } from '#platform/db/database.js';
import type { ScreeningReportRowsTable } from '#platform/db/schema.js';
import type { AuditService } from '#modules/audit/index.js';
import { screenText } from '#modules/screening/index.js';
import { contextOf } from './item-screening.js';
import { sensitiveWordsFor } from './sensitive-words.js';

const BATCH = 200;

/**
 * The 清理 scan: every published item's current text (body and attachments) through the detectors,
 * written batch by batch into a report that the workspace shows while it grows. Reads only what is
 * published; changes nothing but the report. `onProgress` gets (scanned, total) after each batch.
 */
export async function runInventoryScan(
  { db, audit, clock }: { db: Database; audit: AuditService; clock: Clock },
  startedBy: string,
  onProgress: (scanned: number, total: number, findings: number) => void = () => undefined,
): Promise<{ reportId: string; scanned: number; findings: number; byType: Record<string, number> }> {
  const total = Number((await db.selectFrom('catalogueItems').select((eb) => eb.fn.countAll<string>().as('n')).where('publicState', '=', 'published').executeTakeFirstOrThrow()).n);
  const report = await db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('screeningReports').values({ startedBy, itemsTotal: total }).returning('id').executeTakeFirstOrThrow();
    await audit.record(tx, systemActor(startedBy), 'screening.inventory-started', { subjectType: 'screening_report', subjectId: r.id, summary: { items: total } });
    return r;
  });
  const byType: Record<string, number> = {};
  const wordsByOrg = new Map<string, string[]>();
  let scanned = 0;
  let findings = 0;
  let after = '0';
  for (;;) {
    const items = await db
      .selectFrom('catalogueItems as i')
      .innerJoin('catalogueVersions as v', 'v.id', 'i.currentVersionId')
      .innerJoin('organisations as o', 'o.id', 'i.orgId')
      .select(['i.id', 'i.orgId', 'o.path', 'v.bodyText', 'v.attachmentIds'])
      .where('i.publicState', '=', 'published')
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(BATCH)
      .execute();
    if (items.length === 0) break;
    const attachmentIds = items.flatMap((i) => i.attachmentIds);
    const texts = attachmentIds.length ? await db.selectFrom('catalogueAttachments').select(['id', 'textContent']).where('id', 'in', attachmentIds).execute() : [];
    const textOf = new Map(texts.map((t) => [t.id, t.textContent ?? '']));
    const rows: Insertable<ScreeningReportRowsTable>[] = [];
    for (const item of items) {
      let words = wordsByOrg.get(item.orgId);
      if (!words) wordsByOrg.set(item.orgId, (words = await sensitiveWordsFor(db, item.path)));
      const options = { today: clock.now(), sensitiveWords: words };
      for (const [attachmentId, text] of [[null, item.bodyText] as const, ...item.attachmentIds.map((a) => [a, textOf.get(a) ?? ''] as const)]) {
        for (const f of screenText(text, options)) {
          rows.push({ reportId: report.id, itemId: item.id, orgId: item.orgId, attachmentId, type: f.type, severity: f.severity, masked: f.masked, context: contextOf(text, f) });
          byType[f.type] = (byType[f.type] ?? 0) + 1;
        }
      }
    }
    scanned += items.length;
    findings += rows.length;
    after = items[items.length - 1]!.id;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('screeningReportRows').values(rows.slice(i, i + 500)).execute();
      await tx.updateTable('screeningReports').set({ itemsScanned: scanned, findings }).where('id', '=', report.id).execute();
    });
    onProgress(scanned, total, findings);
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('screeningReports').set({ finishedAt: clock.now(), itemsScanned: scanned, findings }).where('id', '=', report.id).execute();
    await audit.record(tx, systemActor(startedBy), 'screening.inventory-finished', { subjectType: 'screening_report', subjectId: report.id, summary: { items: scanned, findings, byType } });
  });
  return { reportId: report.id, scanned, findings, byType };
}
