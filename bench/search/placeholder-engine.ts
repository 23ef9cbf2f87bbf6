/**
 * `placeholder`: a trivial in-memory inverted index (term → item numbers, positions kept for
 * phrases; BM25-ish scoring over every match). It exists only to prove that the harness works
 * at small scale (`--n 20000`); it is not a candidate design.
 */
import { passesFilter } from './queries.js';
import type { Engine, EngineFactory, Item, Query } from './types.js';

interface Doc {
  id: string;
  agency: string;
  date: string;
  validity: Item['validity'];
  len: number;
  /** token → positions (title first, then body after a gap). */
  terms: Map<string, number[]>;
  titleTerms: Set<string>;
}

export const createPlaceholder: EngineFactory = () => {
  const docs: Doc[] = [];
  const postings = new Map<string, number[]>();
  let totalLen = 0;
  const engine: Engine = {
    name: 'placeholder',
    async index(items) {
      for await (const it of items) {
        const terms = new Map<string, number[]>();
        const all = [...it.titleTokens, ...Array<string>(100).fill(''), ...it.bodyTokens];
        all.forEach((t, p) => {
          if (!t) return;
          const ps = terms.get(t);
          if (ps) ps.push(p);
          else terms.set(t, [p]);
        });
        const n = docs.push({ id: it.id, agency: it.agency, date: it.date, validity: it.validity, len: it.titleTokens.length + it.bodyTokens.length, terms, titleTerms: new Set(it.titleTokens) }) - 1;
        totalLen += it.titleTokens.length + it.bodyTokens.length;
        for (const t of terms.keys()) {
          const l = postings.get(t);
          if (l) l.push(n);
          else postings.set(t, [n]);
        }
      }
    },
    async search(q: Query) {
      if (q.tokens.length === 0) return [];
      const lists = q.tokens.map((t) => postings.get(t) ?? []).sort((a, b) => a.length - b.length);
      const sets = lists.slice(1).map((l) => new Set(l));
      const avg = totalLen / Math.max(1, docs.length);
      const scored: [number, number][] = [];
      for (const n of lists[0]!) {
        if (!sets.every((s) => s.has(n))) continue;
        const d = docs[n]!;
        if (!passesFilter(d, q)) continue;
        if (q.phrase && !hasPhrase(d, q.tokens)) continue;
        let score = 0;
        for (const t of q.tokens) {
          const tf = d.terms.get(t)!.length;
          const idf = Math.log(1 + (docs.length - postings.get(t)!.length + 0.5) / (postings.get(t)!.length + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.len) / avg)) + (d.titleTerms.has(t) ? idf : 0);
        }
        scored.push([score, n]);
      }
      scored.sort((a, b) => b[0] - a[0]);
      return scored.slice(0, 10).map(([, n]) => docs[n]!.id);
    },
    async close() {
      docs.length = 0;
      postings.clear();
    },
  };
  return engine;
};

function hasPhrase(d: Doc, tokens: string[]): boolean {
  const first = d.terms.get(tokens[0]!) ?? [];
  return first.some((p) => tokens.every((t, i) => d.terms.get(t)?.includes(p + i)));
}

export default createPlaceholder;
