import { dayNumber } from '#platform/calendar/index.js';
import { chinaDate } from '#platform/clock.js';
import type { Tx } from '#platform/db/database.js';
import { VALIDITY_CODES, type Analyzer } from '#platform/search/types.js';
import { logSearchChanges } from '#modules/catalogue/index.js';
import { basisLine, type PowerContent, type ServiceContent } from './matter.schema.js';

/** The text of a matter's content that search should find (everything the public page shows). */
export function matterSearchText(type: 'power' | 'service', content: PowerContent | ServiceContent, flowchartSteps: readonly { name: string; role: string }[], orgName: string): string {
  const common = [content.code, orgName, content.implementingBody, content.division ?? '', ...content.basis.map(basisLine), content.fees ?? '', content.limitNote ?? ''];
  if (type === 'power') {
    const p = content as PowerContent;
    return [...common, ...p.subItems, ...p.responsibilities, ...p.accountability, p.remarks ?? '', ...flowchartSteps.map((s) => `${s.name} ${s.role}`)].join('\n');
  }
  const s = content as ServiceContent;
  return [...common, s.serviceType, s.conditions, ...s.materials.map((m) => m.name), s.place, s.resultName ?? '', ...s.faq.map((f) => `${f.q} ${f.a}`), ...flowchartSteps.map((x) => `${x.name} ${x.role}`)].join('\n');
}

/**
 * Brings the search documents of these matters (`power:<id>` / `service:<id>`) in line with what the
 * public may see, in the caller's transaction: published matters of active agencies are upserted
 * from their current version; anything else is removed.
 */
export async function indexMatters(tx: Tx, ids: readonly string[], analyzer: Analyzer): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .selectFrom('matters as m')
    .innerJoin('organisations as o', 'o.id', 'm.orgId')
    .innerJoin('matterVersions as v', 'v.id', 'm.currentVersionId')
    .select(['m.id', 'm.type', 'm.orgId', 'm.name', 'm.status', 'm.firstPublishedAt', 'm.publicState', 'o.isActive', 'o.name as orgName', 'v.content', 'v.flowchart'])
    .where('m.id', 'in', ids)
    .execute();
  const keys: string[] = [];
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    const type = r?.type ?? null;
    const visible = r && r.publicState === 'published' && r.isActive;
    if (!visible) {
      // Unknown type when never published: remove both possible keys.
      const gone = type ? [`${type}:${id}`] : [`power:${id}`, `service:${id}`];
      await tx.deleteFrom('searchDocuments').where('key', 'in', gone).execute();
      keys.push(...gone);
      continue;
    }
    const key = `${r.type}:${r.id}`;
    const content = r.content as PowerContent | ServiceContent;
    const steps = ((r.flowchart as { steps?: { name: string; role: string }[] } | null)?.steps ?? []).map((s) => ({ name: s.name, role: s.role }));
    const title = r.name ?? content.name;
    const doc = {
      key,
      kind: r.type,
      refId: r.id,
      orgId: r.orgId,
      title,
      docNumber: null,
      docNumberKey: null,
      indexNumber: null,
      topicId: null,
      genreId: null,
      day: dayNumber(chinaDate(r.firstPublishedAt ?? new Date())),
      validity: r.status === 'abolished' ? VALIDITY_CODES.repealed : VALIDITY_CODES.in_force,
      titleTokens: analyzer.tokens(title),
      bodyTokens: analyzer.tokens(matterSearchText(r.type, content, steps, r.orgName)),
      url: r.type === 'power' ? `/powers/${r.id}` : `/services/${r.id}`,
    };
    await tx
      .insertInto('searchDocuments')
      .values(doc)
      .onConflict((oc) => oc.column('key').doUpdateSet({ orgId: doc.orgId, title: doc.title, day: doc.day, validity: doc.validity, titleTokens: doc.titleTokens, bodyTokens: doc.bodyTokens, url: doc.url }))
      .execute();
    keys.push(key);
  }
  await logSearchChanges(tx, keys);
}
