/**
 * Relevance of an engine on the judged query set (test/fixtures/search/judged-queries.json):
 * MRR (first relevant result within the top 10) and nDCG@10 with binary relevance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';

export interface JudgedQuery {
  id: string;
  kind: 'exact-title' | 'abbreviation' | 'doc-number' | 'traditional' | 'partial' | 'misspelt';
  query: string;
  expected: { key: string; title: string; docNumber: string }[];
  note?: string;
  /** The expected document is only in ../shared/corpus, not in the demo catalogue. */
  corpusOnly?: boolean;
}

export const judgedFile = path.join(repoRoot, 'test', 'fixtures', 'search', 'judged-queries.json');

export function loadJudged(): JudgedQuery[] {
  return (JSON.parse(fs.readFileSync(judgedFile, 'utf8')) as { queries: JudgedQuery[] }).queries;
}

export interface RelevanceResult {
  queries: number;
  skipped: number;
  mrr: number;
  ndcg10: number;
  byKind: Record<string, { queries: number; mrr: number; ndcg10: number }>;
  /** Queries whose top 10 holds no expected document. */
  misses: string[];
}

/** Scores ranked ids (best first) against the expected keys of `q`. */
export function score(q: JudgedQuery, ranked: string[]): { rr: number; ndcg: number } {
  const rel = new Set(q.expected.map((e) => e.key));
  const top = ranked.slice(0, 10);
  const first = top.findIndex((id) => rel.has(id));
  const dcg = top.reduce((s, id, i) => s + (rel.has(id) ? 1 / Math.log2(i + 2) : 0), 0);
  let idcg = 0;
  for (let i = 0; i < Math.min(10, rel.size); i++) idcg += 1 / Math.log2(i + 2);
  return { rr: first < 0 ? 0 : 1 / (first + 1), ndcg: idcg > 0 ? dcg / idcg : 0 };
}

/**
 * Runs every judged query through `search` (text → ranked ids) and averages. Queries whose
 * expected documents are not all in `indexed` (when given) are skipped.
 */
export async function evaluate(search: (q: JudgedQuery) => Promise<string[]>, indexed?: (key: string) => boolean): Promise<RelevanceResult> {
  const judged = loadJudged();
  const kinds = new Map<string, { n: number; rr: number; ndcg: number }>();
  const misses: string[] = [];
  let n = 0;
  let rr = 0;
  let ndcg = 0;
  let skipped = 0;
  for (const q of judged) {
    if (q.expected.length === 0 || (indexed && !q.expected.every((e) => indexed(e.key)))) {
      skipped++;
      continue;
    }
    const s = score(q, await search(q));
    n++;
    rr += s.rr;
    ndcg += s.ndcg;
    if (s.rr === 0) misses.push(q.id);
    const k = kinds.get(q.kind) ?? { n: 0, rr: 0, ndcg: 0 };
    kinds.set(q.kind, { n: k.n + 1, rr: k.rr + s.rr, ndcg: k.ndcg + s.ndcg });
  }
  return {
    queries: n,
    skipped,
    mrr: n ? rr / n : 0,
    ndcg10: n ? ndcg / n : 0,
    byKind: Object.fromEntries([...kinds].map(([k, v]) => [k, { queries: v.n, mrr: v.rr / v.n, ndcg10: v.ndcg / v.n }])),
    misses,
  };
}
