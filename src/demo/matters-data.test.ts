import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkFlowchart, DEFAULT_POWER_CATEGORIES, FlowchartSchema, PowerContentSchema, SECTORS, ServiceContentSchema, type Flowchart } from '#modules/matters/index.js';
import { demoPowers, demoServices, type DemoPower, type DemoService } from './matters-data.js';

/** The demo 权责清单, 流程图 and 办事指南 (src/demo/matters-data.ts) against demo/city.json. */
interface OrgNode {
  slug: string;
  kind: string;
  name: string;
  children?: OrgNode[];
}

const root = path.resolve(import.meta.dirname, '..', '..');
const orgs: OrgNode[] = [];
const walk = (n: OrgNode): void => {
  orgs.push(n);
  for (const c of n.children ?? []) walk(c);
};
walk(JSON.parse(fs.readFileSync(path.join(root, 'demo', 'city.json'), 'utf8')) as OrgNode);
const departments = orgs.filter((o) => o.kind === 'department');
const categoryCodes = new Set(DEFAULT_POWER_CATEGORIES.map((c) => c.code));

/** Every problem with a chart: its shape (FlowchartSchema) and checkFlowchart's errors and warnings. */
function chartProblems(chart: Flowchart, statutoryDays: number | null): string[] {
  const shape = FlowchartSchema.safeParse(chart);
  if (!shape.success) return shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const check = checkFlowchart(chart, { statutoryDays });
  return [...check.errors, ...check.warnings].map((i) => `${i.code}: ${i.message}`);
}

function parsedPower(p: DemoPower) {
  const r = PowerContentSchema.safeParse(p.content);
  assert.ok(r.success, `${JSON.stringify(p.content.code)}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
  return r.data;
}

function parsedService(s: DemoService) {
  const r = ServiceContentSchema.safeParse(s.content);
  assert.ok(r.success, `${JSON.stringify(s.content.code)}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
  return r.data;
}

describe('demo matters data', () => {
  it('the demo city has the departments and institutions this data is written for', () => {
    assert.equal(departments.length, 19);
    for (const slug of ['sz-water', 'sz-gas', 'sz-hospital', 'sz-bus']) assert.ok(orgs.some((o) => o.slug === slug && o.kind === 'institution'), slug);
  });

  for (const org of departments) {
    describe(`${org.slug} ${org.name}`, () => {
      const powers = demoPowers(org);
      const services = demoServices(org);

      it('has at least ten valid powers with unique codes, spread over categories', () => {
        assert.ok(powers.length >= 10, `${powers.length} powers`);
        const contents = powers.map(parsedPower);
        const codes = contents.map((c) => c.code);
        assert.equal(new Set(codes).size, codes.length, `duplicate codes: ${codes.join(', ')}`);
        assert.equal(new Set(contents.map((c) => c.name)).size, contents.length, 'duplicate names');
        for (const c of contents) {
          assert.ok(categoryCodes.has(c.category), `${c.code}: category ${c.category}`);
          assert.ok(c.code.includes(`-${c.category}-`), `${c.code} does not carry its category ${c.category}`);
          assert.equal(c.implementingBody, org.name);
          assert.ok(c.basis.every((b) => !/[《》]/.test(b.law)), `${c.code}: law names are written without 《》`);
          assert.ok(c.responsibilities.length >= 4 && c.accountability.length >= 4, `${c.code}: 责任事项 and 追责情形`);
          assert.ok(c.division && c.supervisionPhone, `${c.code}: division and supervision phone`);
          assert.equal(c.status === 'in_force', c.statusSince === null, `${c.code}: statusSince goes with a status other than in_force`);
          if (c.statutoryDays !== null && c.promisedDays !== null) assert.ok(c.promisedDays <= c.statutoryDays, `${c.code}: promised ${c.promisedDays} > statutory ${c.statutoryDays}`);
        }
        assert.ok(new Set(contents.map((c) => c.category)).size >= 4, 'at least four categories');
      });

      it('has at least three flowcharts, each sound and within the statutory limit', () => {
        const charted = powers.filter((p) => p.flowchart !== null);
        assert.ok(charted.length >= 3, `${charted.length} flowcharts`);
        for (const p of charted) {
          assert.deepEqual(chartProblems(p.flowchart!, parsedPower(p).statutoryDays), [], p.content.code as string);
        }
      });

      it('has at least two valid service guides, each for one of its powers', () => {
        assert.ok(services.length >= 2, `${services.length} guides`);
        const powerCodes = new Map(powers.map((p) => [p.content.code, parsedPower(p)]));
        const codes = services.map((s) => parsedService(s).code);
        assert.equal(new Set(codes).size, codes.length, 'duplicate guide codes');
        for (const s of services) {
          const c = parsedService(s);
          assert.ok(!powerCodes.has(c.code), `${c.code} is also a power code`);
          assert.ok(s.powerCode !== null && powerCodes.has(s.powerCode), `${c.code}: powerCode ${s.powerCode}`);
          const power = powerCodes.get(s.powerCode)!;
          assert.equal(c.serviceType, DEFAULT_POWER_CATEGORIES.find((x) => x.code === power.category)?.name);
          assert.equal(c.sector, null);
          assert.equal(c.implementingBody, org.name);
          assert.ok(c.materials.length >= 1 && c.materials.length <= 8, `${c.code}: ${c.materials.length} materials`);
          assert.ok(c.faq.length >= 2 && c.faq.length <= 3, `${c.code}: ${c.faq.length} FAQ`);
          assert.ok(c.onlineUrl?.startsWith('https://'), `${c.code}: online URL`);
          if (s.flowchart) assert.deepEqual(chartProblems(s.flowchart, c.statutoryDays), [], c.code);
        }
      });
    });
  }

  const institutions: [string, number][] = [
    ['sz-water', 5],
    ['sz-gas', 5],
    ['sz-hospital', 5],
    ['sz-bus', 3],
  ];
  for (const [slug, min] of institutions) {
    it(`${slug} has at least ${min} public-service guides, half of them with a sound flowchart`, () => {
      const org = orgs.find((o) => o.slug === slug)!;
      const services = demoServices(org);
      assert.ok(services.length >= min, `${services.length} guides`);
      const codes = services.map((s) => parsedService(s).code);
      assert.equal(new Set(codes).size, codes.length);
      for (const s of services) {
        const c = parsedService(s);
        assert.equal(s.powerCode, null);
        assert.equal(c.serviceType, '公共服务');
        assert.ok(c.sector !== null && c.sector in SECTORS, `${c.code}: sector`);
        assert.ok(c.materials.length >= 1 && c.materials.length <= 8, `${c.code}: materials`);
        assert.ok(c.faq.length >= 2 && c.faq.length <= 3, `${c.code}: FAQ`);
        if (s.flowchart) assert.deepEqual(chartProblems(s.flowchart, c.statutoryDays), [], c.code);
      }
      assert.ok(services.filter((s) => s.flowchart).length * 2 >= services.length, 'at least half with a flowchart');
      assert.deepEqual(demoPowers(org), []);
    });
  }

  it('at least half of the departments’ guides show a flowchart, and the list uses every status', () => {
    const guides = departments.flatMap((o) => demoServices(o));
    assert.ok(guides.filter((s) => s.flowchart).length * 2 >= guides.length, 'half of the guides with a flowchart');
    const statuses = new Set(departments.flatMap((o) => demoPowers(o).map((p) => parsedPower(p).status)));
    assert.deepEqual([...statuses].sort(), ['abolished', 'in_force', 'under_revision']);
    const categories = new Set(departments.flatMap((o) => demoPowers(o).map((p) => p.content.category)));
    assert.deepEqual([...categories].sort(), [...categoryCodes].sort(), 'every category is used somewhere');
  });

  it('is deterministic and empty for other orgs', () => {
    const org = departments[0]!;
    assert.deepEqual(demoPowers(org), demoPowers(org));
    assert.deepEqual(demoServices(org), demoServices(org));
    assert.deepEqual(demoPowers({ slug: 'hubin', name: '东湖区湖滨街道办事处' }), []);
    assert.deepEqual(demoServices({ slug: 'hubin', name: '东湖区湖滨街道办事处', kind: 'subdistrict' }), []);
    assert.deepEqual(demoServices({ slug: 'sz-unknown', name: '示范市未知单位', kind: 'institution' }), []);
  });

  it('the chart check used above does catch a broken chart and one over the statutory limit', () => {
    const power = demoPowers(departments.find((o) => o.slug === 'sz-jyj')!).find((p) => p.flowchart)!;
    const chart = power.flowchart!;
    const withoutEnd: Flowchart = { steps: chart.steps.filter((s) => s.kind !== 'end') };
    assert.ok(chartProblems(withoutEnd, null).some((p) => p.startsWith('NO_END')));
    assert.ok(chartProblems(chart, 1).some((p) => p.startsWith('OVER_STATUTORY_LIMIT')));
  });
});
