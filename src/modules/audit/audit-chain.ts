import crypto from 'node:crypto';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that the hash covers. */
export interface ChainedFields {
  seq: string;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

/** JSON with object keys sorted at every level, so that jsonb round trips hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** sha256(prevHash ‖ canonical entry): each entry seals the one before it. */
export function entryHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson({
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    orgId: e.orgId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    summary: e.summary,
    ip: e.ip,
    requestId: e.requestId,
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** A stored entry as the verifier reads it. */
export interface StoredEntry extends ChainedFields {
  prevHash: string;
  hash: string;
}

/** The outcome of checking a chain. */
export type ChainProblem =
  | { kind: 'altered'; seq: string }
  | { kind: 'missing'; seq: string }
  | { kind: 'broken-link'; seq: string }
  | { kind: 'head'; seq: string };

/** Incremental verifier: feed entries in seq order, then call `finish` with the recorded head. */
export function createChainVerifier() {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let problem: ChainProblem | null = null;
  return {
    /** Checks the next entry; returns the first problem found so far. */
    push(e: StoredEntry): ChainProblem | null {
      if (problem) return problem;
      const seq = BigInt(e.seq);
      if (seq !== expectedSeq) {
        problem = seq > expectedSeq ? { kind: 'missing', seq: String(expectedSeq) } : { kind: 'altered', seq: e.seq };
        return problem;
      }
      if (e.prevHash !== prevHash) {
        problem = { kind: 'broken-link', seq: e.seq };
        return problem;
      }
      if (entryHash(prevHash, e) !== e.hash) {
        problem = { kind: 'altered', seq: e.seq };
        return problem;
      }
      prevHash = e.hash;
      expectedSeq = seq + 1n;
      checked++;
      return null;
    },
    /** Compares the end of the chain with the recorded head (catches removal of the newest entries). */
    finish(head: { seq: string; hash: string } | undefined): { checked: number; problem: ChainProblem | null } {
      if (!problem && head) {
        const last = expectedSeq - 1n;
        if (BigInt(head.seq) > last) problem = { kind: 'missing', seq: String(last + 1n) };
        else if (BigInt(head.seq) < last || head.hash !== prevHash) problem = { kind: 'head', seq: head.seq };
      } else if (!problem && !head && expectedSeq > 1n) {
        problem = { kind: 'head', seq: '0' };
      }
      return { checked, problem };
    },
  };
}

/** A Chinese and English description of a chain problem, naming the entry. */
export function describeProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'altered':
      return `第 ${p.seq} 条留痕记录已被篡改（内容或顺序与哈希不符）。Audit entry #${p.seq} was altered or reordered.`;
    case 'missing':
      return `第 ${p.seq} 条留痕记录缺失（已被删除）。Audit entry #${p.seq} is missing (deleted).`;
    case 'broken-link':
      return `第 ${p.seq} 条留痕记录与前一条的链接断开（前一条被修改或删除）。Audit entry #${p.seq} does not link to its predecessor (the one before it was changed or removed).`;
    case 'head':
      return `留痕链末端记录与登记的链头（第 ${p.seq} 条）不符。The end of the chain does not match the recorded head (#${p.seq}).`;
  }
}
