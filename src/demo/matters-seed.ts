import { systemActor } from '#platform/actor.js';
import type { Container } from '#src/container.js';
import { demoPowers, demoServices } from './matters-data.js';

/**
 * 权责清单 and 办事指南 of the demo city: every department's powers (≥ 10, ≥ 3 with flowcharts) and
 * service guides, and the guides of the water, gas, bus companies and the hospital — published as an
 * agency admin would after review. 示范市教育局 keeps a draft and a submitted revision so that the
 * workspace shows every state.
 */
export async function seedDemoMatters(c: Container): Promise<{ powers: number; services: number }> {
  const actor = systemActor('demo');
  const orgs = (await c.orgs.listActive()).filter((o) => o.kind === 'department' || o.kind === 'institution');
  let powers = 0;
  let services = 0;
  for (const org of orgs) {
    const p = org.kind === 'department' ? demoPowers({ slug: org.slug, name: org.name }) : [];
    const s = demoServices({ slug: org.slug, name: org.name, kind: org.kind });
    if (p.length === 0 && s.length === 0) continue;
    await c.db.transaction().execute(async (tx) => {
      const byCode = new Map<string, string>();
      for (const [i, d] of p.entries()) {
        const content = await c.matters.resolve(tx, 'power', org, d.content, null);
        // The last power of 示范市教育局 stays a draft: the workspace shows one of each state.
        const publish = !(org.slug === 'sz-jyj' && i === p.length - 1);
        byCode.set(content.code, await c.matters.createIn(tx, actor, 'power', org, content, d.flowchart, publish));
        powers++;
      }
      for (const d of s) {
        const powerId = d.powerCode ? (byCode.get(d.powerCode) ?? null) : null;
        const content = await c.matters.resolve(tx, 'service', org, { ...d.content, powerId }, null);
        await c.matters.createIn(tx, actor, 'service', org, content, d.flowchart, true);
        services++;
      }
    });
  }
  // A submitted revision for the reviewer's queue.
  const jyj = orgs.find((o) => o.slug === 'sz-jyj');
  if (jyj) {
    const first = await c.db.selectFrom('matters').select('id').where('orgId', '=', jyj.id).where('type', '=', 'power').where('publicState', '=', 'published').orderBy('id').executeTakeFirst();
    if (first) {
      const w = await c.matters.get(actor, first.id);
      await c.matters.saveContent(actor, first.id, { ...w.content, promisedDays: w.content.promisedDays === null ? 10 : Math.max(1, w.content.promisedDays - 2), limitNote: '承诺期限压缩（修订中）' });
      await c.matters.submit(actor, first.id);
    }
  }
  c.matters.touch();
  return { powers, services };
}
