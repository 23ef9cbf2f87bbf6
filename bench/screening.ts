/**
 * Accuracy and speed of the 保密审查 detectors (issue 5):
 *
 *   node --import tsx bench/screening.ts
 *
 * Builds a labelled set from the shared corpus (../shared/corpus/gov-docs.jsonl.gz, or a small
 * generated sample when it is absent): one generated number per paragraph, valid or invalid
 * (wrong check character, impossible date, wrong Luhn digit, impossible mobile prefix), at a
 * random place between two characters of a real paragraph. Reports precision and recall per
 * detector, the findings on the clean corpus (nothing inserted), and the throughput over the whole
 * corpus text, as a Markdown table with the machine it ran on.
 *
 * Environment: SCREEN_CORPUS (path of the corpus), SCREEN_INSERTIONS (labelled paragraphs, default
 * 40000), SCREEN_ROUNDS (timed passes over the corpus, default 5), SCREEN_SEED (default 5).
 */
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { makeCreditCode } from '#platform/ids.js';
import { PROVINCE_CODES, screenText, type Finding, type FindingType } from '#modules/screening/index.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const CORPUS = process.env.SCREEN_CORPUS ?? new URL('../../shared/corpus/gov-docs.jsonl.gz', import.meta.url).pathname;
const INSERTIONS = num('SCREEN_INSERTIONS', 40_000);
const ROUNDS = num('SCREEN_ROUNDS', 5);
const TODAY = new Date('2025-06-01T00:00:00+08:00');

/** mulberry32: a small seeded generator, so that every run builds the same labelled set. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(num('SCREEN_SEED', 5));
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
const pad2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// Generated numbers (check characters computed here, independently of the detectors)

function idCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const v = (12 - (s % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}
function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
function birthDate(): string {
  const t = Date.UTC(1920, 0, 1) + rand() * (Date.UTC(2020, 11, 31) - Date.UTC(1920, 0, 1));
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
}
const idBody = (date = birthDate()) => pick(PROVINCE_CODES) + digits(4) + date + digits(3);
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditChars = (n: number) => Array.from({ length: n }, () => pick([...CREDIT])).join('');
const creditCode = () => makeCreditCode(pick(['11', '12', '13', '19', '51', '52', '53', '91', '92', '93', 'Y1']) + pick(PROVINCE_CODES) + digits(4), creditChars(8));
const cardBody = () => {
  const prefix = pick(['62', '4', '5', '3']);
  return prefix + digits(int(16, 19) - 1 - prefix.length);
};
const mobile = () => `1${int(3, 9)}${digits(9)}`;
const otherCheck = (right: string, alphabet: string) => {
  let c = right;
  while (c === right) c = pick([...alphabet]);
  return c;
};
const formatMobile = (m: string) => pick([m, m, `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, `+86 ${m}`]);
const formatCard = (c: string) => (rand() < 0.3 ? c.replace(/(\d{4})(?=\d)/g, '$1 ') : c);

type Detector = 'id-number' | 'credit-code' | 'bank-card' | 'mobile';
interface Insertion {
  kind: string;
  /** The detector that must find it, or null when nothing may be found there. */
  expect: Detector | null;
  value: string;
}

const KINDS: (() => Insertion)[] = [
  () => {
    const b = idBody();
    return { kind: 'ID, valid', expect: 'id-number', value: pick([b + idCheck(b), b + idCheck(b), (b + idCheck(b)).toLowerCase()]) };
  },
  () => {
    const b = idBody();
    return { kind: 'ID, wrong check character', expect: null, value: b + otherCheck(idCheck(b), '0123456789X') };
  },
  () => {
    const b = idBody(`${int(1950, 2010)}${pick(['0230', '0231', '0431', '1301', '0010', '1200', '0932'])}`);
    return { kind: 'ID, impossible date (check character right)', expect: null, value: b + idCheck(b) };
  },
  () => ({ kind: 'credit code, valid', expect: 'credit-code', value: creditCode() }),
  () => {
    const c = creditCode();
    return { kind: 'credit code, wrong check character', expect: null, value: c.slice(0, 17) + otherCheck(c[17]!, CREDIT) };
  },
  () => {
    const b = cardBody();
    return { kind: 'bank card, valid', expect: 'bank-card', value: formatCard(b + luhnDigit(b)) };
  },
  () => {
    const b = cardBody();
    return { kind: 'bank card, wrong Luhn digit', expect: null, value: formatCard(b + otherCheck(luhnDigit(b), '0123456789')) };
  },
  () => ({ kind: 'mobile, valid', expect: 'mobile', value: formatMobile(mobile()) }),
  () => ({ kind: 'mobile, impossible prefix 10–12', expect: null, value: `1${int(0, 2)}${digits(9)}` }),
];
const LABELS: Record<Detector, string[]> = {
  'id-number': ['身份证号码：', '公民身份号码', '身份证号 ', ''],
  'credit-code': ['统一社会信用代码：', '信用代码 ', ''],
  'bank-card': ['开户账号：', '银行卡号 ', ''],
  mobile: ['联系电话：', '手机 ', ''],
};

// ---------------------------------------------------------------------------------------------
// Corpus

function loadCorpus(): { texts: string[]; source: string } {
  if (fs.existsSync(CORPUS)) {
    const lines = zlib.gunzipSync(fs.readFileSync(CORPUS)).toString('utf8').split('\n');
    const texts = lines.filter((l) => l.trim()).map((l) => (JSON.parse(l) as { body: string }).body);
    return { texts, source: `${CORPUS} (${texts.length} documents)` };
  }
  log(`corpus not found at ${CORPUS}; using a small generated sample`);
  const sentences = [
    '第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，制定本条例。',
    '行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起20个工作日内予以答复。',
    '2024年全市实现地区生产总值12345.67亿元，比上年增长5.2%，国办发〔2019〕14号文件精神得到全面落实。',
    '各级人民政府应当加强政府信息资源的规范化、标准化、信息化管理，加强互联网政府信息公开平台建设。',
  ];
  const texts = Array.from({ length: 2000 }, () => Array.from({ length: 20 }, () => pick(sentences)).join('\n'));
  return { texts, source: 'generated sample (corpus absent)' };
}

const { texts, source } = loadCorpus();
const totalBytes = texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);
const totalChars = texts.reduce((s, t) => s + t.length, 0);
log(`corpus: ${source}, ${(totalBytes / 1e6).toFixed(1)} MB UTF-8, ${(totalChars / 1e6).toFixed(1)} M characters`);

// Throughput over the whole corpus, and the findings on the clean text.
const cleanByType = new Map<FindingType, number>();
const cleanSamples: string[] = [];
for (const [i, t] of texts.entries()) {
  for (const f of screenText(t, { today: TODAY })) {
    cleanByType.set(f.type, (cleanByType.get(f.type) ?? 0) + 1);
    if (cleanSamples.length < 20) cleanSamples.push(`doc ${i}: ${f.type} “${t.slice(Math.max(0, f.start - 10), f.end + 10).replace(/\n/g, '⏎')}”`);
  }
}
const cleanTotal = [...cleanByType.values()].reduce((a, b) => a + b, 0);
const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  let n = 0;
  for (const t of texts) n += screenText(t, { today: TODAY }).length;
  times.push(performance.now() - t0);
  if (n !== cleanTotal) throw new Error('findings differ between runs');
}
times.sort((a, b) => a - b);
const medianMs = times[Math.floor(times.length / 2)]!;
log(`throughput: ${times.map((t) => t.toFixed(0)).join(', ')} ms per pass`);

// The labelled set: one insertion per paragraph of 20+ characters.
const paragraphs = texts.flatMap((t) => t.split('\n')).filter((p) => p.length >= 20);
const isWordChar = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const tally = new Map<FindingType, Tally>();
const t = (type: FindingType) => {
  let x = tally.get(type);
  if (!x) tally.set(type, (x = { tp: 0, fp: 0, fn: 0 }));
  return x;
};
const byKind = new Map<string, { n: number; reported: number; as: Map<string, number> }>();
const misses: string[] = [];
const falses: string[] = [];
let labelledFindings = 0;
let labelledFalse = 0;
const overlaps = (f: Finding, s: number, e: number) => f.start < e && s < f.end;

for (let i = 0; i < INSERTIONS; i++) {
  const ins = pick(KINDS)();
  // Insert between two characters, never into (or against) a run of digits or letters.
  let para = pick(paragraphs);
  let at = int(0, para.length);
  while (isWordChar(para[at - 1]) || isWordChar(para[at])) {
    para = pick(paragraphs);
    at = int(0, para.length);
  }
  const label = ins.expect && rand() < 0.6 ? pick(LABELS[ins.expect]) : '';
  const text = para.slice(0, at) + label + ins.value + para.slice(at);
  const start = at + label.length;
  const end = start + ins.value.length;
  const found = screenText(text, { today: TODAY });
  const k = byKind.get(ins.kind) ?? { n: 0, reported: 0, as: new Map<string, number>() };
  byKind.set(ins.kind, k);
  k.n++;
  let hit = false;
  for (const f of found) {
    labelledFindings++;
    const onInsertion = overlaps(f, start, end);
    if (onInsertion && ins.expect === f.type && f.start === start && f.end === end) {
      hit = true;
      t(f.type).tp++;
    } else if (onInsertion || f.severity !== 'low') {
      // Anything else on the insertion, or any personal-data finding in the untouched text, is false.
      t(f.type).fp++;
      labelledFalse++;
      if (falses.length < 15) falses.push(`${ins.kind} → ${f.type} “${f.text}” in “${text.slice(Math.max(0, f.start - 12), f.end + 12).replace(/\n/g, '⏎')}”`);
    }
    if (onInsertion) {
      k.reported++;
      k.as.set(f.type, (k.as.get(f.type) ?? 0) + 1);
    }
  }
  if (ins.expect && !hit) {
    t(ins.expect).fn++;
    if (misses.length < 10) misses.push(`${ins.kind}: “${text.slice(Math.max(0, start - 8), end + 8)}”`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function machine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  return `${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}, ${new Date().toISOString()}`;
}
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)}%`);
const out: string[] = [];
out.push(`Screening detectors — ${machine()}`, '', `Corpus: ${source}; ${(totalBytes / 1e6).toFixed(1)} MB UTF-8, ${(totalChars / 1e6).toFixed(2)} M characters.`, '');
out.push('Labelled set: one generated number per corpus paragraph (60% of the valid ones after a label such as “身份证号码：”).', '');
out.push('| detector | true positives | false positives | missed | precision | recall |', '|---|---:|---:|---:|---:|---:|');
for (const d of ['id-number', 'credit-code', 'bank-card', 'mobile'] as const) {
  const x = t(d);
  out.push(`| ${d} | ${x.tp} | ${x.fp} | ${x.fn} | ${pct(x.tp, x.tp + x.fp)} | ${pct(x.tp, x.tp + x.fn)} |`);
}
for (const [type, x] of [...tally].filter(([type]) => !['id-number', 'credit-code', 'bank-card', 'mobile'].includes(type))) {
  out.push(`| ${type} (not inserted) | ${x.tp} | ${x.fp} | ${x.fn} | | |`);
}
out.push('', '| inserted | count | reported on it | reported as |', '|---|---:|---:|---|');
for (const [kind, k] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
  out.push(`| ${kind} | ${k.n} | ${k.reported} (${pct(k.reported, k.n)}) | ${[...k.as].map(([ty, n]) => `${ty} ${n}`).join(', ')} |`);
}
out.push(
  '',
  `False positives on the labelled set: ${labelledFalse} of ${labelledFindings} findings = **${labelledFindings ? ((100 * labelledFalse) / labelledFindings).toFixed(2) : '0'} per 100 findings** (target <= 1).`,
  `Clean corpus (nothing inserted): **${cleanTotal} findings** in ${(totalChars / 1e6).toFixed(1)} M characters${cleanTotal ? ` (${[...cleanByType].map(([ty, n]) => `${ty} ${n}`).join(', ')}; each is a false positive unless the text really holds such data — see the samples)` : ''}.`,
  '',
  `Throughput over the whole corpus (${ROUNDS} passes, median ${medianMs.toFixed(0)} ms; best ${times[0]!.toFixed(0)} ms): **${(totalBytes / 1e6 / (medianMs / 1000)).toFixed(0)} MB/s** of UTF-8 text, ${(totalChars / 1e6 / (medianMs / 1000)).toFixed(0)} M characters/s (target >= 10 MB/s).`,
);
if (cleanSamples.length) out.push('', 'Clean-corpus findings (first 20):', '', ...cleanSamples.map((s) => `- ${s}`));
if (falses.length) out.push('', 'False positives on the labelled set (first 15):', '', ...falses.map((s) => `- ${s}`));
if (misses.length) out.push('', 'Missed (first 10):', '', ...misses.map((s) => `- ${s}`));
process.stdout.write(`${out.join('\n')}\n`);
