import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '#platform/actor.js';
import type { Clock } from '#platform/clock.js';
import type { Executor, Tx } from '#platform/db/database.js';
import type { CatalogueVersionRow, FindingStatus } from '#platform/db/schema.js';
import { InvalidState, NotFound } from '#platform/errors.js';
import { escapeHtml } from '#platform/html/sanitize.js';
import { parseInput, requiredText } from '#platform/validation.js';
import type { AuditService } from '#modules/audit/index.js';
import { screenText, type Finding } from '#modules/screening/index.js';
import { sensitiveWordsFor } from './sensitive-words.js';

/** A resolution of one finding by the reviewer; every one needs its reason or legal basis. */
export const ResolutionInput = z.object({
  action: z.enum(['mask', 'dismiss', 'keep'], { message: '请选择处理方式。' }),
  note: requiredText(2, 300, '理由或依据'),
});

const hash = (type: string, value: string) => crypto.createHash('sha256').update(`${type}\u0000${value}`).digest('hex');

/** Staff-only context around a finding, with the finding masked and other long digit runs hidden. */
export function contextOf(text: string, f: Finding): string {
  const hide = (s: string) => s.replace(/\d{6,}/g, (d) => '*'.repeat(d.length)).replace(/\s+/g, ' ');
  return `${hide(text.slice(Math.max(0, f.start - 20), f.start))}【${f.masked}】${hide(text.slice(f.end, f.end + 20))}`;
}

interface Source {
  attachmentId: string | null;
  text: string;
}

/**
 * 保密审查 of an item's working version: the detectors run over the body and the attachments'
 * extracted text on every save and on submission; findings keep their resolution across rescans
 * (matched by type and value, never storing the value itself); an open high-severity finding blocks
 * publication; masks are applied to the body when the version is published.
 */
export function createItemScreening({ audit, clock }: { audit: AuditService; clock: Clock }) {
  /** The detectors' options for an item: today, and the sensitive words of its agency. */
  async function optionsFor(ex: Executor, itemId: string) {
    const org = await ex.selectFrom('catalogueItems as i').innerJoin('organisations as o', 'o.id', 'i.orgId').select('o.path').where('i.id', '=', itemId).executeTakeFirstOrThrow();
    return { today: clock.now(), sensitiveWords: await sensitiveWordsFor(ex, org.path) };
  }

  async function sources(ex: Executor, version: CatalogueVersionRow): Promise<Source[]> {
    const out: Source[] = [{ attachmentId: null, text: version.bodyText }];
    if (version.attachmentIds.length > 0) {
      const rows = await ex.selectFrom('catalogueAttachments').select(['id', 'textContent']).where('id', 'in', version.attachmentIds).execute();
      for (const r of rows) if (r.textContent) out.push({ attachmentId: r.id, text: r.textContent });
    }
    return out;
  }

  /** Re-runs the detectors over the version; resolutions of unchanged findings are kept. */
  async function scan(tx: Tx, version: CatalogueVersionRow): Promise<{ open: number; highOpen: number }> {
    const before = await tx.selectFrom('screeningFindings').selectAll().where('versionId', '=', version.id).execute();
    const resolved = new Map(before.filter((b) => b.status !== 'open').map((b) => [`${b.attachmentId ?? 'body'}|${b.valueHash}`, b]));
    await tx.deleteFrom('screeningFindings').where('versionId', '=', version.id).execute();
    const rows = [];
    const options = await optionsFor(tx, version.itemId);
    for (const s of await sources(tx, version)) {
      for (const f of screenText(s.text, options)) {
        const valueHash = hash(f.type, f.text);
        const prior = resolved.get(`${s.attachmentId ?? 'body'}|${valueHash}`);
        rows.push({
          itemId: version.itemId,
          versionId: version.id,
          attachmentId: s.attachmentId,
          type: f.type,
          severity: f.severity,
          startAt: f.start,
          endAt: f.end,
          masked: f.masked,
          context: contextOf(s.text, f),
          valueHash,
          status: prior?.status ?? 'open',
          note: prior?.note ?? null,
          resolvedBy: prior?.resolvedBy ?? null,
          resolvedAt: prior?.resolvedAt ?? null,
        });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('screeningFindings').values(rows.slice(i, i + 500)).execute();
    const open = rows.filter((r) => r.status === 'open');
    return { open: open.length, highOpen: open.filter((r) => r.severity === 'high').length };
  }

  return {
    scan,

    /** The findings of a version, in reading order (body first, then attachments). */
    findings: (ex: Executor, versionId: string) =>
      ex
        .selectFrom('screeningFindings as f')
        .leftJoin('catalogueAttachments as a', 'a.id', 'f.attachmentId')
        .leftJoin('users as u', 'u.id', 'f.resolvedBy')
        .select(['f.id', 'f.attachmentId', 'a.fileName', 'f.type', 'f.severity', 'f.startAt', 'f.masked', 'f.context', 'f.status', 'f.note', 'f.resolvedAt', 'u.displayName as resolvedByName'])
        .where('f.versionId', '=', versionId)
        .orderBy(sql`f.attachment_id NULLS FIRST`)
        .orderBy('f.startAt')
        .execute(),

    /** The gate: refuses publication while a high-severity finding of the version is open. */
    async assertClear(tx: Tx, version: CatalogueVersionRow): Promise<void> {
      const { highOpen } = await scan(tx, version);
      if (highOpen > 0) throw new InvalidState('SCREENING_OPEN', `保密审查发现 ${highOpen} 处高风险内容尚未处理（遮蔽、排除误报或说明保留依据），不能发布。`);
    },

    /** The reviewer resolves one finding of the version under review; audited. */
    async resolve(tx: Tx, actor: Actor, version: CatalogueVersionRow, orgId: string, findingId: string, raw: unknown): Promise<FindingStatus> {
      const input = parseInput(ResolutionInput, raw);
      const f = /^[1-9]\d{0,17}$/.test(findingId) ? await tx.selectFrom('screeningFindings').selectAll().where('id', '=', findingId).where('versionId', '=', version.id).forUpdate().executeTakeFirst() : undefined;
      if (!f) throw new NotFound('FINDING_NOT_FOUND', '该审查发现不存在或已随内容修改而更新，请刷新页面。');
      const status: FindingStatus = input.action === 'mask' ? 'masked' : input.action === 'dismiss' ? 'dismissed' : 'kept';
      // All findings of the same value in the same place share the resolution (a number listed twice).
      await tx
        .updateTable('screeningFindings')
        .set({ status, note: input.note, resolvedBy: actor.kind === 'user' ? actor.id : null, resolvedAt: clock.now() })
        .where('versionId', '=', version.id)
        .where('valueHash', '=', f.valueHash)
        .where((eb) => (f.attachmentId ? eb('attachmentId', '=', f.attachmentId) : eb('attachmentId', 'is', null)))
        .execute();
      await audit.record(tx, actor, `screening.finding-${status}`, {
        orgId,
        subjectType: 'catalogue_item',
        subjectId: version.itemId,
        summary: { findingId: f.id, type: f.type, severity: f.severity, masked: f.masked, attachmentId: f.attachmentId, versionNo: version.versionNo, note: input.note },
      });
      return status;
    },

    /**
     * Released copies of the attachments with masked findings: the extracted text with the values
     * replaced, as a generated DOCX (the content removed, not hidden under a box). Returns the map
     * original id → released text, for the caller to store.
     */
    async maskedAttachments(tx: Tx, version: CatalogueVersionRow): Promise<Map<string, string>> {
      const rows = await tx
        .selectFrom('screeningFindings')
        .select(['attachmentId', 'valueHash'])
        .where('versionId', '=', version.id)
        .where('attachmentId', 'is not', null)
        .where('status', '=', 'masked')
        .execute();
      const out = new Map<string, string>();
      const options = await optionsFor(tx, version.itemId);
      const byAttachment = new Map<string, Set<string>>();
      for (const r of rows) byAttachment.set(r.attachmentId!, (byAttachment.get(r.attachmentId!) ?? new Set()).add(r.valueHash));
      for (const [attachmentId, hashes] of byAttachment) {
        const a = await tx.selectFrom('catalogueAttachments').select('textContent').where('id', '=', attachmentId).executeTakeFirstOrThrow();
        let text = a.textContent ?? '';
        for (const f of screenText(text, options).filter((x) => hashes.has(hash(x.type, x.text)))) text = text.split(f.text).join(f.masked);
        out.set(attachmentId, text);
      }
      return out;
    },

    /**
     * The body with every finding marked "mask" replaced by its mask (the content removed, not hidden),
     * in both the text and the HTML. Values are found again by rescanning; none is stored.
     */
    async maskedBody(tx: Tx, version: CatalogueVersionRow): Promise<{ bodyText: string; bodyHtml: string; masked: number } | null> {
      const toMask = await tx.selectFrom('screeningFindings').select(['valueHash']).where('versionId', '=', version.id).where('attachmentId', 'is', null).where('status', '=', 'masked').execute();
      if (toMask.length === 0) return null;
      const hashes = new Set(toMask.map((m) => m.valueHash));
      const found = screenText(version.bodyText, await optionsFor(tx, version.itemId)).filter((f) => hashes.has(hash(f.type, f.text)));
      let bodyText = version.bodyText;
      let bodyHtml = version.bodyHtml;
      for (const f of found) {
        bodyText = bodyText.split(f.text).join(f.masked);
        bodyHtml = bodyHtml.split(escapeHtml(f.text)).join(escapeHtml(f.masked)).split(f.text).join(escapeHtml(f.masked));
      }
      return { bodyText, bodyHtml, masked: found.length };
    },
  };
}

export type ItemScreening = ReturnType<typeof createItemScreening>;
