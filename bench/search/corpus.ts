/**
 * The real documents the generated data is composed from and keeps: ../shared/corpus/gov-docs.jsonl.gz
 * (4,204 documents) when it is there, else the demo catalogue demo/catalogue.jsonl.gz (1,179, whose
 * `key`s are corpus ids).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Validity } from './types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusFile = path.resolve(repoRoot, '..', 'shared', 'corpus', 'gov-docs.jsonl.gz');
export const demoFile = path.join(repoRoot, 'demo', 'catalogue.jsonl.gz');

export interface RealDoc {
  id: string;
  title: string;
  issuer: string;
  docNumber: string;
  date: string;
  validity: Validity;
  category: string;
  summary: string;
  paragraphs: string[];
}

export interface Corpus {
  source: string;
  docs: RealDoc[];
}

interface CorpusLine {
  id: string;
  title: string;
  issuer?: string | null;
  doc_number?: string | null;
  date?: string | null;
  category?: string;
  status?: string;
  body: string;
}

interface DemoLine {
  key: string;
  agency: string;
  title: string;
  generatedOn: string;
  topic?: string;
  genre?: string;
  validity: 'in_force' | 'expired' | 'repealed';
  summary?: string;
  docNumber?: string;
  bodyText: string;
}

interface CityNode {
  slug: string;
  name: string;
  children?: CityNode[];
}

function agencyNames(): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (n: CityNode) => {
    names.set(n.slug, n.name);
    for (const c of n.children ?? []) walk(c);
  };
  walk(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo', 'city.json'), 'utf8')) as CityNode);
  return names;
}

const paragraphsOf = (body: string) => body.split('\n').map((p) => p.trim()).filter((p) => p.length > 0);

/** Reads the real documents (the shared corpus when present, unless `demoOnly`). */
export function loadCorpus(opts: { demoOnly?: boolean } = {}): Corpus {
  const useCorpus = !opts.demoOnly && fs.existsSync(corpusFile);
  const text = zlib.gunzipSync(fs.readFileSync(useCorpus ? corpusFile : demoFile)).toString('utf8');
  const docs: RealDoc[] = [];
  if (useCorpus) {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as CorpusLine;
      const paragraphs = paragraphsOf(d.body);
      docs.push({
        id: d.id,
        title: d.title,
        issuer: d.issuer ?? '',
        docNumber: d.doc_number ?? '',
        date: d.date ?? '2008-01-01',
        validity: d.status === '已失效' ? '已失效' : '现行有效',
        category: d.category ?? '',
        summary: (paragraphs.find((p) => p.length > 30) ?? paragraphs[0] ?? '').slice(0, 120),
        paragraphs,
      });
    }
  } else {
    const names = agencyNames();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as DemoLine;
      const paragraphs = paragraphsOf(d.bodyText);
      docs.push({
        id: d.key,
        title: d.title,
        issuer: names.get(d.agency) ?? d.agency,
        docNumber: d.docNumber ?? '',
        date: d.generatedOn,
        validity: d.validity === 'expired' ? '已失效' : d.validity === 'repealed' ? '已废止' : '现行有效',
        category: d.genre ?? '',
        summary: d.summary ?? (paragraphs[0] ?? '').slice(0, 120),
        paragraphs,
      });
    }
  }
  return { source: useCorpus ? path.relative(repoRoot, corpusFile) : path.relative(repoRoot, demoFile), docs };
}

/** FNV-1a, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * One real document in five is "reserved": kept in the data set, but none of its paragraphs or its
 * title is reused in generated documents, so its rare words stay rare at any scale (the "rare" query class).
 */
export const isReserved = (id: string) => hash32(`reserved:${id}`) % 5 === 0;

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
