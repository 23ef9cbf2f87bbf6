/**
 * Test data for the 依申请公开 benchmark: a city with N agencies (organisations under one city
 * root, each with one disclosure officer), and C *open* requests per agency, bulk-loaded with
 * COPY (pg-copy-streams) in the shape the requests service writes them
 * (src/modules/requests/requests.service.ts):
 *
 * - `requests`: ~80% 'handling' (received, clock running; ~20% of them extended by 20 working days,
 *   ~3% paused for a third-party consultation), ~12% 'submitted' (online, not yet confirmed),
 *   ~8% 'correction' (补正 requested, waiting). Due dates of running cases spread over the next 40
 *   working days, ~8% overdue; `due_on` is NULL while unconfirmed, paused or awaiting correction,
 *   as the service leaves it. Case numbers `<SLUG>-<year>-<seq:5>` per agency in submission order,
 *   a hashed query code (`hashQueryCode` of `queryCodeFor(id)`), natural persons with valid
 *   18-digit resident IDs (`idCheckChar`) drawn from a pool of applicants (repeat applicants),
 *   `applicant_key`/`info_key` as the service computes them.
 * - `request_events`: 3–8 per case, in date order: 'submitted'; for received cases 'received' with
 *   the clock event `{"type":"received","on":…}` (the service replays the clock from these), then
 *   'assigned' (staff-only), 'extended' / 'consultation-started' / 'correction-requested' with
 *   their clock events where the case has them, padded with staff-only 'reminded' entries.
 *   Unconfirmed ('submitted') cases have no 'received' event (they are not received yet).
 * - `request_notices`: the 受理回执 of every received case, the 补正告知书 of correction cases.
 * - `request_counters`: each agency's case and notice counters moved past the loaded numbers.
 *
 * Due dates are computed with the service's own `computeClock` over the bundled working-day
 * calendar, so `due_on` agrees with what `track()` replays. Rows are loaded in submission order
 * (agencies interleaved, as they arrive in production). The three COPY streams run in parallel on
 * three connections with `session_replication_role = replica` (no foreign-key triggers; the
 * embedded server's user is a superuser); every foreign key of the new rows is checked by
 * anti-join afterwards. Secondary indexes of the three tables are dropped before the load and
 * re-created after it; then VACUUM (ANALYZE). No audit entries are generated. Deterministic (a
 * seeded PRNG).
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCalendar, officialNotices, type CalendarDay, type WorkingCalendar } from '../src/platform/calendar/index.js';
import { chinaDate } from '../src/platform/clock.js';
import type { Database } from '../src/platform/db/database.js';
import { computeClock, DEFAULT_REQUEST_SETTINGS, type ClockEvent } from '../src/modules/requests/index.js';
import { hashQueryCode } from '../src/modules/requests/requests.service.js';
import { applicantKeyOf, infoKeyOf } from '../src/modules/requests/request.schema.js';
import { idCheckChar } from '../src/modules/screening/detectors.js';

export interface RequestsScale {
  agencies: number;
  casesPerAgency: number;
}

/** What the load did, for the report. */
export interface RequestsGenerateResult {
  agencies: number;
  requests: number;
  events: number;
  notices: number;
  byStatus: Record<string, number>;
  overdue: number;
  dueSoon: number;
  ms: { orgs: number; copy: number; indexes: number; check: number; vacuumAnalyze: number; total: number };
  /** MB: the three tables with their indexes, and the whole database. */
  sizeMb: { requests: number; events: number; notices: number; database: number };
  /** The agencies created: id, slug, path. */
  orgs: { id: string; slug: string; path: string; officerId: string }[];
  cityId: string;
  today: string;
  year: number;
}

/** The applicant's query code of the loaded case with this id (the bench knows it; only its hash is stored). */
export function queryCodeFor(id: number | string): string {
  const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const h = createHash('sha256').update(`bench-query-code-${id}`).digest();
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[h[i]! % ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** A valid 18-digit resident ID (GB 11643) from a number: region 440305 (深圳南山), born 1950–2004. */
export function residentIdFor(n: number, rnd: () => number = Math.random): string {
  const y = 1950 + (n % 55);
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  const first17 = `440305${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌海燕晓东'];
const SUBJECTS = ['建设工程规划许可', '征收补偿方案', '行政处罚决定书', '环境影响评价报告', '财政预算执行情况', '政府采购合同', '道路改造工程招标文件', '学校学位分配方案', '公租房轮候名单', '拆迁安置协议', '河道整治工程验收报告', '食品安全抽检结果', '企业排污许可证', '土地出让合同', '项目立项批复', '城市更新单元规划', '交通信号配时方案', '医疗机构执业许可', '专项资金使用情况', '信访事项处理意见'];
const PLACES = ['南山区', '福田区', '罗湖区', '宝安区', '龙岗区', '龙华区', '光明区', '坪山区', '盐田区', '大鹏新区'];
const AGENCY_NAMES = ['发展和改革局', '教育局', '科技创新局', '工业和信息化局', '公安局', '民政局', '司法局', '财政局', '人力资源和社会保障局', '规划和自然资源局', '生态环境局', '住房和建设局', '交通运输局', '水务局', '商务局', '文化广电旅游体育局', '卫生健康委员会', '应急管理局', '审计局', '市场监督管理局'];

/** COPY text format: tab-separated, `\N` for NULL, backslash escapes. */
const cell = (v: string | number | boolean | null | undefined) =>
  v === null || v === undefined ? '\\N' : typeof v === 'string' ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
const line = (cells: (string | number | boolean | null | undefined)[]) => `${cells.map(cell).join('\t')}\n`;

const REQUEST_COLS = [
  'id', 'org_id', 'case_number', 'case_year', 'query_code_hash', 'channel', 'status', 'applicant_kind', 'applicant_name', 'id_type', 'id_number', 'phone', 'email', 'address', 'postcode',
  'applicant_key', 'title', 'description', 'doc_ref', 'info_key', 'provision_form', 'obtain_method', 'submitted_at', 'received_on', 'assignee_id', 'due_on', 'clock_paused', 'extension_days', 'created_at', 'updated_at',
];
const EVENT_COLS = ['id', 'request_id', 'type', 'on_date', 'at', 'actor_id', 'actor_label', 'summary', 'note', 'clock', 'visible', 'notice_id'];
const NOTICE_COLS = ['id', 'request_id', 'kind', 'notice_number', 'title', 'issued_on', 'docx_sha256', 'pdf_sha256', 'body_text', 'created_by', 'created_at'];

/** Working days around today: past[0] is the last working day on or before today, past[k] the k-th before it. */
function workdaysBack(cal: WorkingCalendar, today: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${today}T00:00:00Z`);
  while (out.length < n) {
    const s = d.toISOString().slice(0, 10);
    if (cal.isWorkday(s)) out.push(s);
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return out;
}
const minusDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};
const at = (date: string, minuteOfDay: number) => `${date}T${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}:00+08:00`;

/**
 * Creates the city and its agencies, then loads the requests (see the file comment). Run on a
 * freshly migrated database before the app's services start.
 */
export async function generateRequests(db: Database, pool: pg.Pool, scale: RequestsScale, log: (line: string) => void): Promise<RequestsGenerateResult> {
  const t0 = performance.now();
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  // Due dates reach into next year: if its State Council notice is not bundled yet, enter New Year's
  // Day and mark the year known, as the coordinator does in the working calendar.
  const local: CalendarDay[] = [];
  const extraYears: number[] = [];
  if (!officialNotices().some((y) => y.year === year + 1 && y.days.length > 0)) {
    await sql`INSERT INTO calendar_days (day, is_off_day, name, note) VALUES (${`${year + 1}-01-01`}, true, '元旦', 'bench: next year not yet published') ON CONFLICT DO NOTHING`.execute(db);
    await sql`INSERT INTO calendar_years (year, note) VALUES (${year + 1}, 'bench: known for the benchmark (New Year''s Day only)') ON CONFLICT DO NOTHING`.execute(db);
    local.push({ date: `${year + 1}-01-01`, isOffDay: true, name: '元旦' });
    extraYears.push(year + 1);
  }
  const cal = createCalendar(officialNotices(), local, extraYears);
  const past = workdaysBack(cal, today, 80);

  // The city root and its agencies, each with one disclosure officer.
  const city = await sql<{ id: string }>`
    INSERT INTO organisations (parent_id, path, depth, kind, slug, name, short_name, sort_order) VALUES (NULL, '/', 0, 'city', 'bench-city', '基准市人民政府', '基准市', 0) RETURNING id::text`.execute(db);
  const cityId = city.rows[0]!.id;
  await sql`UPDATE organisations SET path = '/' || id || '/' WHERE id = ${cityId}`.execute(db);
  await sql`
    INSERT INTO organisations (parent_id, path, depth, kind, slug, name, short_name, address, postcode, office_hours, phone, sort_order)
    SELECT ${cityId}, '', 1, 'department', 'bench-a' || g, '基准市' || (${AGENCY_NAMES}::text[])[1 + (g - 1) % ${AGENCY_NAMES.length}] || CASE WHEN g > ${AGENCY_NAMES.length} THEN '第' || ((g - 1) / ${AGENCY_NAMES.length} + 1) || '分局' ELSE '' END,
           '基准' || g, '基准市中心路' || g || '号', '518000', '工作日 9:00–12:00，14:00–18:00', '0755-8' || lpad(g::text, 7, '0'), g
    FROM generate_series(1, ${scale.agencies}::int) AS g`.execute(db);
  await sql`UPDATE organisations SET path = '/' || ${cityId} || '/' || id || '/' WHERE parent_id = ${cityId}`.execute(db);
  const orgRows = await sql<{ id: string; slug: string; path: string }>`SELECT id::text, slug, path FROM organisations WHERE parent_id = ${cityId} ORDER BY sort_order`.execute(db);
  const orgs: RequestsGenerateResult['orgs'] = [];
  for (const o of orgRows.rows) {
    const u = await sql<{ id: string }>`
      INSERT INTO users (kind, username, display_name, email, home_org_id, password_hash) VALUES ('staff', ${`officer-${o.slug}`}, ${`经办人${o.slug.slice(7)}`}, ${`officer-${o.slug}@example.com`}, ${o.id}, 'bench-no-login')
      RETURNING id::text`.execute(db);
    const officerId = u.rows[0]!.id;
    await sql`INSERT INTO role_grants (user_id, org_id, role) VALUES (${officerId}, ${o.id}, 'disclosure_officer')`.execute(db);
    orgs.push({ ...o, officerId });
  }
  const orgsMs = performance.now() - t0;

  // Every case's shape first (org, status, the working-day offsets), then sorted by submission time.
  const n = scale.agencies * scale.casesPerAgency;
  const rnd = prng(20261129);
  const orgOf = new Uint16Array(n);
  const kind = new Uint8Array(n); // 0 handling, 1 handling+extended, 2 handling+paused, 3 submitted, 4 correction
  const j = new Uint8Array(n); // received: past[j]
  const k = new Uint8Array(n); // the later clock step: past[j - k]
  const submittedMs = new Float64Array(n);
  const submitDays = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    orgOf[i] = i % scale.agencies;
    const roll = rnd();
    let kd: number;
    let jj: number;
    let kk = 0;
    if (roll < 0.12) {
      kd = 3;
      jj = Math.floor(rnd() * 3); // submitted within the last three working days, not yet confirmed
    } else if (roll < 0.2) {
      kd = 4;
      jj = 2 + Math.floor(rnd() * 7);
      kk = 1 + Math.floor(rnd() * Math.min(jj, 5));
    } else {
      const h = rnd();
      if (h < 0.03) {
        kd = 2;
        jj = 3 + Math.floor(rnd() * 13);
        kk = Math.floor(rnd() * Math.min(jj, 12));
      } else if (h < 0.23) {
        kd = 1;
        jj = Math.floor(rnd() * 43); // due = received + 40 wd: from 40 ahead to 2 overdue
        kk = Math.floor(rnd() * (Math.min(jj, 19) + 1));
      } else {
        kd = 0;
        jj = Math.floor(rnd() * 23); // due = received + 20 wd: from 20 ahead to 2 overdue
      }
    }
    kind[i] = kd;
    j[i] = jj;
    k[i] = kk;
    // Online submission 0–2 calendar days before receipt (the officer confirms), 08:00–22:00.
    const sd = kd === 3 ? 0 : Math.floor(rnd() * 3);
    submitDays[i] = sd;
    const day = minusDays(past[jj]!, sd);
    submittedMs[i] = Date.parse(at(day, 480 + Math.floor(rnd() * 840)));
  }
  const order = Uint32Array.from({ length: n }, (_v, i) => i).sort((a, b) => submittedMs[a]! - submittedMs[b]!);

  // Drop the secondary indexes; COPY; re-create them.
  const idx = await sql<{ indexname: string; indexdef: string }>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename IN ('requests', 'request_events', 'request_notices')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
  for (const r of idx.rows) await sql.raw(`DROP INDEX ${r.indexname}`).execute(db);

  const tCopy = performance.now();
  const cpuCopy = process.cpuUsage();
  const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
  const byStatus: Record<string, number> = {};
  let events = 0;
  let notices = 0;
  let overdue = 0;
  let dueSoon = 0;
  const soon = cal.addWorkdays(today, DEFAULT_REQUEST_SETTINGS.dueSoonWorkdays).date;
  try {
    for (const c of clients) await c.query(`SET session_replication_role = replica`);
    const seq = new Uint32Array(scale.agencies);
    const noticeSeq = new Uint32Array(scale.agencies);
    const dueMemo = new Map<string, string | null>();
    const infoMemo = new Map<string, string>();
    const untilMemo = new Map<string, string>();
    // Stand-ins for the stored DOCX's SHA-256 (no file is stored; no page reads it in the benchmark).
    const fakeSha = (id: number, salt: number) => `${salt}${id.toString(16)}`.padStart(64, '0');
    const applicants = Math.max(1, Math.floor(n * 0.6));
    let eventId = 0;
    let noticeId = 0;
    const CHUNK = 2000;

    async function* chunks(): AsyncGenerator<[string, string, string]> {
      for (let start = 0; start < n; start += CHUNK) {
        let reqs = '';
        let evs = '';
        let nots = '';
        for (let p = start; p < Math.min(n, start + CHUNK); p++) {
          const i = order[p]!;
          const id = p + 1;
          const r = prng(i * 7919 + 17);
          const o = orgs[orgOf[i]!]!;
          const oi = orgOf[i]!;
          const s = ++seq[oi]!;
          const caseNumber = `${o.slug.toUpperCase()}-${year}-${String(s).padStart(5, '0')}`;
          const kd = kind[i]!;
          const received = kd === 3 ? null : past[j[i]!]!;
          const later = past[j[i]! - k[i]!]!;
          const submittedAt = new Date(submittedMs[i]!);
          const submittedOn = chinaDate(submittedAt);
          const status = kd === 3 ? 'submitted' : kd === 4 ? 'correction' : 'handling';
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          // The applicant: a pool, so that some people ask several times.
          const a = Math.floor(Math.pow(r(), 1.5) * applicants);
          const ar = prng(a + 1);
          const name = `${SURNAMES[a % SURNAMES.length]}${GIVEN[Math.floor(a / SURNAMES.length) % GIVEN.length]}${a % 3 === 0 ? GIVEN[(a >> 3) % GIVEN.length] : ''}`;
          const idNumber = residentIdFor(a, ar);
          const phone = `13${String(100_000_000 + ((a * 7_919) % 900_000_000)).slice(0, 9)}`;
          const applicantKey = applicantKeyOf({ applicantKind: 'naturalPerson', idType: 'resident_id', idNumber, applicantName: name, phone });
          const title = `${PLACES[Math.floor(r() * PLACES.length)]}${SUBJECTS[Math.floor(r() * SUBJECTS.length)]}`;
          const docRef = r() < 0.2 ? `深${o.slug.slice(7)}〔${year - Math.floor(r() * 3)}〕${1 + Math.floor(r() * 300)}号` : null;
          const ik = `${docRef ?? ''}|${title}`;
          let infoKey = infoMemo.get(ik);
          if (!infoKey) infoMemo.set(ik, (infoKey = infoKeyOf({ docRef, title })));
          const description = `申请公开${title}的全文及附件，包括相关审批意见和公示材料。本人因${r() < 0.5 ? '房屋征收补偿' : '生产生活需要'}需要了解上述信息，请以电子文档形式提供。`;

          // Clock events and the due date, as the service would replay them.
          const clockEvents: ClockEvent[] = [];
          let due: string | null = null;
          let paused = false;
          let extension = 0;
          const evRows: { type: string; on: string; label: string; summary: string; note?: string | null; clock?: ClockEvent; visible: boolean; notice?: number }[] = [];
          evRows.push({ type: 'submitted', on: submittedOn, label: '申请人', summary: '通过互联网提交政府信息公开申请。', visible: true });
          if (received) {
            clockEvents.push({ type: 'received', on: received });
            const receipt = ++noticeId;
            const ns = ++noticeSeq[oi]!;
            nots += line([receipt, id, 'receipt', `基准${o.slug.slice(7)}依申请公开〔${year}〕${ns}号`, '政府信息公开申请受理回执', received, fakeSha(id, 1), null,
              `政府信息公开申请受理回执\n基准${o.slug.slice(7)}依申请公开〔${year}〕${ns}号\n${name}：\n本机关于${received}收到您提出的政府信息公开申请（申请编号：${caseNumber}），所需信息为“${title}”。本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，在收到申请之日起20个工作日内予以答复。`,
              o.officerId, at(received, 600)]);
            notices++;
            evRows.push({ type: 'received', on: received, label: `经办人${o.slug.slice(7)}`, summary: '以双方确认之日为收到申请之日', clock: { type: 'received', on: received }, visible: true, notice: receipt });
            evRows.push({ type: 'assigned', on: received, label: `经办人${o.slug.slice(7)}`, summary: `分派给 经办人${o.slug.slice(7)} 办理。`, visible: false });
            if (kd === 1) {
              const e: ClockEvent = { type: 'extended', on: later, days: 20 };
              clockEvents.push(e);
              extension = 20;
              evRows.push({ type: 'extended', on: later, label: `经办人${o.slug.slice(7)}`, summary: '经政府信息公开工作机构负责人同意，延长答复期限 20 个工作日。', note: '需要调取档案并征询相关科室意见。', clock: e, visible: true });
            } else if (kd === 2) {
              const e: ClockEvent = { type: 'pause-started', on: later, reason: 'third-party' };
              clockEvents.push(e);
              paused = true;
              evRows.push({ type: 'consultation-started', on: later, label: `经办人${o.slug.slice(7)}`, summary: '就可能损害第三方合法权益的信息书面征求第三方意见，征求意见期间不计入答复期限。', clock: e, visible: true });
            } else if (kd === 4) {
              let until = untilMemo.get(later);
              if (!until) untilMemo.set(later, (until = cal.addWorkdays(later, 15).date));
              const e: ClockEvent = { type: 'correction-requested', on: later, until };
              clockEvents.push(e);
              const cn = ++noticeId;
              const ns2 = ++noticeSeq[oi]!;
              nots += line([cn, id, 'correction', `基准${o.slug.slice(7)}依申请公开〔${year}〕${ns2}号`, '补正政府信息公开申请告知书', later, fakeSha(id, 2), null,
                `补正政府信息公开申请告知书\n基准${o.slug.slice(7)}依申请公开〔${year}〕${ns2}号\n${name}：\n您提出的政府信息公开申请（申请编号：${caseNumber}）内容不够明确，请于${until}前补正所需信息的名称、文号或者便于查询的其他特征性描述。逾期无正当理由不补正的，视为放弃申请。`,
                o.officerId, at(later, 660)]);
              notices++;
              evRows.push({ type: 'correction-requested', on: later, label: `经办人${o.slug.slice(7)}`, summary: `一次性告知需要补正的事项，补正期限至 ${until}。`, note: '请明确所需信息的名称或文号。', clock: e, visible: true, notice: cn });
            }
            if (kd <= 1) {
              const key = clockEvents.map((e) => `${e.type}${e.on}`).join(',');
              if (!dueMemo.has(key)) dueMemo.set(key, computeClock(clockEvents, cal, today, DEFAULT_REQUEST_SETTINGS.clock).due);
              due = dueMemo.get(key)!;
              if (due < today) overdue++;
              else if (due <= soon) dueSoon++;
            }
          } else {
            evRows.push({ type: 'assigned', on: submittedOn, label: '系统', summary: '按受理机关自动分派。', visible: false });
          }
          // Padding: staff-only reminders, dated from the last event up to today.
          const total = 3 + Math.floor(r() * 6);
          const lastOn = evRows[evRows.length - 1]!.on;
          while (evRows.length < total) evRows.push({ type: 'reminded', on: lastOn > today ? lastOn : today, label: '系统', summary: '办理进度提醒，已通知经办人。', visible: false });

          reqs += line([
            id, o.id, caseNumber, year, hashQueryCode(queryCodeFor(id)), 'online', status, 'naturalPerson', name, 'resident_id', idNumber, phone, `applicant${a}@example.com`, `深圳市${PLACES[a % PLACES.length]}某路${1 + (a % 300)}号`, '518000',
            applicantKey, title, description, docRef, infoKey, 'electronic', 'email', submittedAt.toISOString(), received, received ? o.officerId : null, due, paused, extension, submittedAt.toISOString(), submittedAt.toISOString(),
          ]);
          for (const e of evRows) {
            evs += line([++eventId, id, e.type, e.on, at(e.on, 540 + (evRows.indexOf(e) * 7) % 480), e.label === '申请人' || e.label === '系统' ? null : o.officerId, e.label, e.summary, e.note ?? null, e.clock ? JSON.stringify(e.clock) : null, e.visible, e.notice ?? null]);
            events++;
          }
        }
        yield [reqs, evs, nots];
      }
    }

    // One producer, three COPY streams fed in step (each chunk's writes awaited together).
    const streams = clients.map((c, i) => c.query(copyFrom(`COPY ${['requests', 'request_events', 'request_notices'][i]} (${[REQUEST_COLS, EVENT_COLS, NOTICE_COLS][i]!.join(', ')}) FROM STDIN`)));
    const feeds = streams.map(() => new Readable({ read() {} }));
    const done = streams.map((s, i) => pipeline(feeds[i]!, s));
    let last = performance.now();
    let loaded = 0;
    let waitMs = 0;
    try {
      for await (const parts of chunks()) {
        parts.forEach((text, i) => feeds[i]!.push(text));
        loaded += CHUNK;
        // Back-pressure: let the streams drain before producing more.
        const w = performance.now();
        while (streams.some((s) => s.writableLength > 8 * 1024 * 1024) || feeds.some((f) => f.readableLength > 8 * 1024 * 1024)) await new Promise((res) => setTimeout(res, 5));
        waitMs += performance.now() - w;
        if (performance.now() - last > 15_000) {
          log(`requests: ${Math.min(loaded, n).toLocaleString('en')} of ${n.toLocaleString('en')} cases loaded`);
          last = performance.now();
        }
      }
    } catch (err) {
      // End the COPYs with the error (each connection's COPY fails), then report it.
      feeds.forEach((f) => f.destroy(err as Error));
      await Promise.allSettled(done);
      throw err;
    }
    feeds.forEach((f) => f.push(null));
    const w = performance.now();
    await Promise.all(done);
    const cpu = process.cpuUsage(cpuCopy);
    log(`requests: COPY producer used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU and waited ${((waitMs + performance.now() - w) / 1000).toFixed(1)} s for PostgreSQL`);
    await sql`SELECT setval('requests_id_seq', ${n}::bigint), setval('request_events_id_seq', ${Math.max(1, eventId)}::bigint), setval('request_notices_id_seq', ${Math.max(1, noticeId)}::bigint)`.execute(db);
    // The agencies' counters continue after the loaded numbers (apply() allocates the next case number).
    for (const [oi, o] of orgs.entries()) {
      await sql`INSERT INTO request_counters (org_id, year, kind, next) VALUES (${o.id}, ${year}, 'case', ${seq[oi]! + 1}), (${o.id}, ${year}, 'notice', ${noticeSeq[oi]! + 1})`.execute(db);
    }
  } finally {
    for (const c of clients) {
      await c.query(`SET session_replication_role = origin`).catch(() => undefined);
      c.release();
    }
  }
  const copyMs = performance.now() - tCopy;
  log(`requests: ${n.toLocaleString('en')} requests, ${events.toLocaleString('en')} events, ${notices.toLocaleString('en')} notices copied in ${(copyMs / 1000).toFixed(1)} s; re-creating ${idx.rows.length} indexes…`);

  const tIdx = performance.now();
  await sql`SET maintenance_work_mem = '512MB'`.execute(db);
  for (const r of idx.rows) await sql.raw(r.indexdef).execute(db);
  const indexMs = performance.now() - tIdx;

  const tCheck = performance.now();
  const bad = await sql<{ what: string; n: string }>`
    SELECT 'request → agency' AS what, count(*)::text AS n FROM requests r WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = r.org_id)
    UNION ALL SELECT 'request → assignee', count(*)::text FROM requests r WHERE r.assignee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.assignee_id)
    UNION ALL SELECT 'event → request', count(*)::text FROM request_events e WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = e.request_id)
    UNION ALL SELECT 'event → actor', count(*)::text FROM request_events e WHERE e.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.actor_id)
    UNION ALL SELECT 'notice → request', count(*)::text FROM request_notices x WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = x.request_id)`.execute(db);
  const broken = bad.rows.filter((r) => r.n !== '0');
  if (broken.length > 0) throw new Error(`requests generator: broken references: ${broken.map((r) => `${r.what} ${r.n}`).join(', ')}`);
  const checkMs = performance.now() - tCheck;

  const tVac = performance.now();
  await sql`VACUUM (ANALYZE) requests`.execute(db);
  await sql`VACUUM (ANALYZE) request_events`.execute(db);
  await sql`VACUUM (ANALYZE) request_notices`.execute(db);
  await sql`ANALYZE`.execute(db);
  const vacuumMs = performance.now() - tVac;

  const size = await sql<{ r: string; e: string; x: string; d: string }>`
    SELECT (pg_total_relation_size('requests') / 1048576)::text AS r, (pg_total_relation_size('request_events') / 1048576)::text AS e,
           (pg_total_relation_size('request_notices') / 1048576)::text AS x, (pg_database_size(current_database()) / 1048576)::text AS d`.execute(db);
  const z = size.rows[0]!;
  return {
    agencies: orgs.length,
    requests: n,
    events,
    notices,
    byStatus,
    overdue,
    dueSoon,
    ms: { orgs: orgsMs, copy: copyMs, indexes: indexMs, check: checkMs, vacuumAnalyze: vacuumMs, total: performance.now() - t0 },
    sizeMb: { requests: Number(z.r), events: Number(z.e), notices: Number(z.x), database: Number(z.d) },
    orgs,
    cityId,
    today,
    year,
  };
}
