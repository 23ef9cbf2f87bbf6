import { actorLabel, grantRoots, type Actor } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Database, Tx } from '#platform/db/database.js';
import { Forbidden } from '#platform/errors.js';
import { createChainVerifier, describeProblem, type ChainProblem } from './audit-chain.js';
import { auditRepository, type AuditFilter } from './audit.repository.js';

/** Roles that may read the audit trail of their subtree. */
export const AUDIT_READER_ROLES = ['agency_admin', 'coordinator', 'supervisor', 'operator'] as const;

/** Details of one recorded action. */
export interface AuditDetails {
  orgId?: string | null | undefined;
  subjectType: string;
  subjectId?: string | number | null | undefined;
  summary?: Record<string, unknown> | undefined;
}

/** Result of `verify`. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  problem: ChainProblem | null;
  message: string;
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The audit trail (留痕): record in the caller's transaction, browse within scope, verify the chain. */
export function createAuditService({ db, clock }: { db: Database; clock: Clock }) {
  const entry = (actor: Actor, action: string, d: AuditDetails) => ({
    // Millisecond precision, so the stored timestamp re-hashes identically.
    occurredAt: new Date(Math.floor(clock.now().getTime())),
    actorId: actor.kind === 'user' ? actor.id : null,
    actorLabel: actorLabel(actor),
    orgId: d.orgId ?? null,
    action,
    subjectType: d.subjectType,
    subjectId: d.subjectId === undefined || d.subjectId === null ? null : String(d.subjectId),
    summary: d.summary ?? {},
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
  });
  return {
    /** Records an action in the caller's transaction; call it from every mutating service. */
    async record(tx: Tx, actor: Actor, action: string, d: AuditDetails): Promise<void> {
      await auditRepository.append(tx, entry(actor, action, d));
    },

    /** Records many actions of one bulk operation in order, in the caller's transaction. */
    async recordMany(tx: Tx, actor: Actor, list: { action: string; details: AuditDetails }[]): Promise<void> {
      await auditRepository.appendMany(
        tx,
        list.map((x) => entry(actor, x.action, x.details)),
      );
    },

    /** Entries the actor may see (its agencies' subtrees), newest first. */
    async browse(actor: Actor, filter: AuditFilter, page: { limit: number; offset: number }) {
      if (actor.kind === 'system') return auditRepository.list(db, null, filter, page);
      const roots = grantRoots(actor, AUDIT_READER_ROLES);
      if (roots.length === 0) throw new Forbidden('AUDIT_FORBIDDEN', '您没有查看留痕记录的权限。');
      return auditRepository.list(db, roots, filter, page);
    },

    /** Known action names, for the filter form. */
    actions: () => auditRepository.actions(db),

    /** Walks the whole chain and names the first altered, deleted or reordered entry. */
    async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
      const v = createChainVerifier();
      let after = '0';
      for (;;) {
        const batch = await auditRepository.chainBatch(db, after, 5000);
        if (batch.length === 0) break;
        for (const e of batch) {
          if (v.push(e)) break;
        }
        after = batch[batch.length - 1]!.seq;
        onProgress?.(Number(after));
      }
      const { checked, problem } = v.finish(await auditRepository.head(db));
      return {
        ok: problem === null,
        checked,
        problem,
        message: problem ? describeProblem(problem) : `留痕链完整：已校验 ${checked} 条记录。Audit chain intact: ${checked} entries verified.`,
      };
    },
  };
}
