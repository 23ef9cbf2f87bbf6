import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

/** The demo catalogue sample (demo/catalogue.jsonl.gz, built by scripts/build-demo-catalogue.ts). */
const root = path.resolve(import.meta.dirname, '..', '..');

interface Line {
  key?: string;
  agency?: string;
  title?: string;
  summary?: string;
  generatedOn?: string;
  publishedOn?: string;
  topic?: string;
  genre?: string;
  keywords?: unknown;
  disclosure?: string;
  withheldGround?: string;
  art20?: number;
  validity?: string;
  repealedOn?: string;
  interprets?: string;
  bodyText?: string;
  state?: string;
}

interface OrgNode {
  slug: string;
  kind: string;
  children?: OrgNode[];
}

interface TaxonomyNode {
  code: string;
  children?: TaxonomyNode[];
}

const lines = gunzipSync(fs.readFileSync(path.join(root, 'demo', 'catalogue.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as Line);

const orgs = new Map<string, string>();
const walk = (n: OrgNode): void => {
  orgs.set(n.slug, n.kind);
  for (const c of n.children ?? []) walk(c);
};
walk(JSON.parse(fs.readFileSync(path.join(root, 'demo', 'city.json'), 'utf8')) as OrgNode);

const taxonomy = JSON.parse(fs.readFileSync(path.join(root, 'src', 'modules', 'catalogue', 'taxonomy-defaults.json'), 'utf8')) as {
  topics: TaxonomyNode[];
  genres: { code: string }[];
};
const topicCodes = new Set<string>();
const addTopic = (n: TaxonomyNode): void => {
  topicCodes.add(n.code);
  for (const c of n.children ?? []) addTopic(c);
};
for (const t of taxonomy.topics) addTopic(t);
const genreCodes = new Set(taxonomy.genres.map((g) => g.code));

const WITHHELD_GROUNDS = new Set(['art14_state_secret', 'art14_law_prohibited', 'art14_security', 'art15_trade_secret', 'art15_privacy', 'art16_internal', 'art16_process', 'art16_case_file']);

function isDate(s: string | undefined): boolean {
  if (s === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

describe('demo catalogue sample', () => {
  it('has at least 1,000 items', () => {
    assert.ok(lines.length >= 1000, `${lines.length} lines`);
  });

  it('gives every line the required fields with valid values', () => {
    for (const l of lines) {
      const where = l.key ?? JSON.stringify(l).slice(0, 80);
      assert.ok(l.key && l.agency && l.title && l.bodyText, `${where}: key, agency, title, bodyText`);
      assert.ok(l.title.length <= 300, `${where}: title length`);
      assert.ok(l.summary === undefined || l.summary.length <= 500, `${where}: summary length`);
      assert.ok(isDate(l.generatedOn), `${where}: generatedOn ${l.generatedOn}`);
      assert.ok(isDate(l.publishedOn), `${where}: publishedOn ${l.publishedOn}`);
      assert.ok((l.publishedOn ?? '') >= (l.generatedOn ?? ''), `${where}: publishedOn before generatedOn`);
      assert.equal(l.state, 'published', `${where}: state`);
      assert.ok(Array.isArray(l.keywords), `${where}: keywords`);
      assert.ok(['proactive', 'on_request', 'withheld'].includes(l.disclosure ?? ''), `${where}: disclosure`);
      if (l.disclosure === 'withheld') assert.ok(WITHHELD_GROUNDS.has(l.withheldGround ?? ''), `${where}: withheldGround`);
      assert.ok(['in_force', 'expired', 'repealed'].includes(l.validity ?? ''), `${where}: validity`);
      if (l.validity !== 'in_force') {
        assert.ok(isDate(l.repealedOn), `${where}: repealedOn`);
        assert.ok((l.repealedOn ?? '') > (l.generatedOn ?? ''), `${where}: repealedOn not after generatedOn`);
      }
      assert.ok(Number.isInteger(l.art20) && (l.art20 ?? 0) >= 1 && (l.art20 ?? 0) <= 15, `${where}: art20 ${l.art20}`);
    }
  });

  it('uses agencies of demo/city.json', () => {
    for (const l of lines) assert.ok(orgs.has(l.agency ?? ''), `${l.key}: unknown agency ${l.agency}`);
  });

  it('has unique keys and every interprets resolves to a key', () => {
    const keys = new Set(lines.map((l) => l.key));
    assert.equal(keys.size, lines.length);
    const links = lines.filter((l) => l.interprets !== undefined);
    assert.ok(links.length >= 10, `${links.length} links`);
    for (const l of links) {
      assert.ok(keys.has(l.interprets), `${l.key} interprets ${l.interprets}`);
      assert.notEqual(l.interprets, l.key);
    }
  });

  it('has at least 10 repealed or expired items', () => {
    assert.ok(lines.filter((l) => l.validity === 'repealed' || l.validity === 'expired').length >= 10);
  });

  it('gives every department at least 10 items', () => {
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l.agency ?? '', (counts.get(l.agency ?? '') ?? 0) + 1);
    for (const [slug, kind] of orgs) {
      if (kind === 'department') assert.ok((counts.get(slug) ?? 0) >= 10, `${slug}: ${counts.get(slug) ?? 0} items`);
    }
  });

  it('uses topic and genre codes of taxonomy-defaults.json', () => {
    for (const l of lines) {
      assert.ok(topicCodes.has(l.topic ?? ''), `${l.key}: topic ${l.topic}`);
      assert.ok(genreCodes.has(l.genre ?? ''), `${l.key}: genre ${l.genre}`);
    }
  });
});
