import { createHash, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { grantRoots, type Actor } from '#platform/actor.js';
import { UnknownCalendarYear, type WorkingCalendar } from '#platform/calendar/index.js';
import { chinaDate, type Clock } from '#platform/clock.js';
import type { Database, Executor, Tx } from '#platform/db/database.js';
import type { OrganisationRow, RequestsTable } from '#platform/db/schema.js';
import { Forbidden, InvalidState, NotFound, ValidationFailed } from '#platform/errors.js';
import { mediaTypeOf, safeFileName, sniffFile } from '#platform/files/sniff.js';
import type { FileStorage } from '#platform/files/storage.js';
import { parseInput } from '#platform/validation.js';
import type { Selectable } from 'kysely';
import type { AuditService } from '#modules/audit/index.js';
import type { CalendarService } from '#modules/calendar/index.js';
import type { OrgService } from '#modules/org/index.js';
import { computeClock, DeadlineRuleError, type ClockEvent, type ClockOptions, type ClockState } from './deadlines.js';
import { feeBreakdown, feeForApplication, feeForPages } from './fees.js';
import { noticeDocx, noticePdf, renderNotice, templateKey, type NoticeData, type NoticeKind, type NoticeTemplateKey } from './notices.js';
import { OUTCOME_INFO, isOutcome, type Outcome } from './outcomes.js';
import {
  applicantKeyOf,
  ApplicationInput,
  AssignInput,
  CHANNELS,
  ConsultationAnswerInput,
  ConsultationInput,
  CorrectionInput,
  DateNoteInput,
  DelayInput,
  DELIVERY_METHODS,
  DeliveryInput,
  ExtensionInput,
  FeeInput,
  infoKeyOf,
  ReasonInput,
  RegistrationInput,
  RemedyInput,
  ReplyInput,
  TransferInput,
} from './request.schema.js';
import { canOnRequest, type RequestAction } from './requests.policy.js';

export type RequestRow = Selectable<RequestsTable>;
export type RequestsService = ReturnType<typeof createRequestsService>;

/** A message to the applicant (or staff), enqueued in the transaction that makes the change. */
export interface OutboundMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  related: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[] | undefined;
}
export interface MessageQueue {
  enqueue(tx: Tx, msg: OutboundMessage): Promise<void>;
}

/** Settings a city decides (UNCONFIRMED nationally: configuration with defaults). */
export interface RequestSettings {
  clock: ClockOptions;
  /** 'manual': staff confirm online applications (Art. 31 "双方确认"); 'auto': the system's acknowledgement confirms on the day of submission. */
  onlineReceipt: 'manual' | 'auto';
  /** Years after closing that applicants' personal data is kept before it is purged. */
  retentionYears: number;
  /** Working days before the deadline a case is flagged as due soon and its officer reminded. */
  dueSoonWorkdays: number;
  /** Distinct applicants asking for the same information before it is suggested for proactive disclosure (Art. 44). */
  art44Threshold: number;
}
export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  clock: { feePausesClock: true },
  onlineReceipt: 'manual',
  retentionYears: 5,
  dueSoonWorkdays: 3,
  art44Threshold: 3,
};

const ID = /^[1-9]\d{0,17}$/;
/** A form's idempotency key as the service accepts it (anything else means no double-submission guard). */
const formKey = (key: string | null): string | null => (key && /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : null);
const OPEN_STATES = ['submitted', 'handling', 'correction'] as const;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const MOBILE = /^1[3-9]\d{9}$/;

/** The applicant's secret query code: 8 characters from an unambiguous alphabet, shown as XXXX-XXXX. */
export function newQueryCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}
export function hashQueryCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');
}

/** Masks a name for people who may see the case but not the applicant (张三 → 张*). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/** Case events as the applicant and the officer see them. */
export const EVENT_LABELS: Record<string, string> = {
  submitted: '提交申请',
  registered: '登记申请',
  received: '确认收到申请',
  'correction-requested': '告知补正',
  corrected: '收到补正材料',
  abandoned: '视为放弃申请',
  assigned: '分派经办人',
  transferred: '移送其他机关',
  'consultation-started': '征求意见',
  'consultation-answered': '收到意见',
  extended: '延长答复期限',
  'fee-noticed': '发出收费通知',
  'fee-paid': '收到缴费',
  'fee-unpaid': '逾期未缴费',
  delayed: '另行确定答复期限',
  replied: '作出答复',
  delivered: '送达',
  archived: '归档',
  withdrawn: '申请人撤回申请',
  'remedy-recorded': '记录复议或诉讼',
  'remedy-updated': '更新复议或诉讼结果',
  reminded: '到期提醒',
  escalated: '逾期督办',
};

export const STATUS_LABELS: Record<string, string> = {
  submitted: '待确认收到',
  handling: '办理中',
  correction: '等待补正',
  replied: '已答复',
  archived: '已归档',
  withdrawn: '已撤回',
  abandoned: '视为放弃',
};

/**
 * 依申请公开: intake, the statutory clock, handling steps, formal notices and replies. Every step
 * is one transaction: the case row, a dated event (the clock is replayed from these), the audit
 * entry and the messages to the applicant commit together or not at all.
 */
export function createRequestsService(deps: {
  db: Database;
  audit: AuditService;
  orgs: OrgService;
  calendar: CalendarService;
  clock: Clock;
  storage: FileStorage;
  maxFileBytes: number;
  publicUrl: string;
  messages?: MessageQueue | undefined;
  settings?: Partial<RequestSettings> | undefined;
}) {
  const { db, audit, orgs, calendar, clock, storage } = deps;
  const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, ...deps.settings, clock: { ...DEFAULT_REQUEST_SETTINGS.clock, ...deps.settings?.clock } };
  const today = () => chinaDate(clock.now());
  const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);
  const actorLabelOf = (actor: Actor) => (actor.kind === 'user' ? (actor.userKind === 'public' ? '申请人' : actor.displayName) : actor.kind === 'system' ? '系统' : '申请人');

  async function orgOf(id: string): Promise<OrganisationRow> {
    const org = await orgs.lookup(id);
    if (!org) throw new NotFound('ORG_NOT_FOUND', '该机关不存在。');
    return org;
  }

  /** Loads a case the actor may see (404 otherwise) and checks the action (403). */
  async function load(actor: Actor, id: string, action: RequestAction = 'view'): Promise<{ req: RequestRow; org: OrganisationRow }> {
    const req = ID.test(id) ? await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    const org = req ? await orgs.lookup(req.orgId) : undefined;
    if (!req || !org || !canOnRequest(actor, 'view', org.path)) throw new NotFound('REQUEST_NOT_FOUND', '该申请不存在。');
    if (action !== 'view' && !canOnRequest(actor, action, org.path)) {
      throw new Forbidden('REQUEST_FORBIDDEN', action === 'approve-extension' ? '延长答复期限须经政府信息公开工作机构负责人批准。' : '您没有办理该申请的权限。');
    }
    return { req, org };
  }

  async function lock(tx: Tx, id: string): Promise<RequestRow> {
    return tx.selectFrom('requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  }

  function requireState(req: RequestRow, states: readonly string[], message: string) {
    if (!states.includes(req.status)) throw new InvalidState('REQUEST_STATE', message);
  }

  function checkNotFuture(on: string, field = 'on') {
    if (on > today()) throw new ValidationFailed({ [field]: '日期不能晚于今天。' });
  }

  async function nextNumber(tx: Tx, orgId: string, year: number, kind: 'case' | 'notice'): Promise<number> {
    const row = await tx
      .insertInto('requestCounters')
      .values({ orgId, year, kind, next: 2 })
      .onConflict((oc) => oc.columns(['orgId', 'year', 'kind']).doUpdateSet({ next: sql`request_counters.next + 1` }))
      .returning('next')
      .executeTakeFirstOrThrow();
    return row.next - 1;
  }

  async function calendarFor(org: OrganisationRow): Promise<WorkingCalendar> {
    return calendar.forAgency(org.path);
  }

  async function clockEvents(ex: Executor, requestId: string): Promise<ClockEvent[]> {
    const rows = await ex.selectFrom('requestEvents').select(['clock']).where('requestId', '=', requestId).where('clock', 'is not', null).orderBy('id').execute();
    return rows.map((r) => r.clock as ClockEvent);
  }

  /** Replays the case's clock as of today; rule violations become Chinese 409s. */
  async function replay(ex: Executor, req: RequestRow, org: OrganisationRow, extra: ClockEvent[] = []): Promise<ClockState | null> {
    const events = [...(await clockEvents(ex, req.id)), ...extra];
    if (events.length === 0) return null;
    try {
      return computeClock(events, await calendarFor(org), today(), settings.clock);
    } catch (e) {
      if (e instanceof DeadlineRuleError) throw new InvalidState(`CLOCK_${e.code}`, e.message);
      if (e instanceof UnknownCalendarYear) throw new InvalidState('CALENDAR_UNKNOWN', `${e.message}请政务公开主管部门在“工作日历”中补充该年度的节假日安排后再办理。`);
      throw e;
    }
  }

  /** Records a step: its event (with the clock event when the step moves the clock), the new deadline, and the audit entry. */
  async function step(
    tx: Tx,
    actor: Actor,
    req: RequestRow,
    org: OrganisationRow,
    e: { type: string; on?: string; summary: string; note?: string | null; clock?: ClockEvent; visible?: boolean; noticeId?: string | null; audit?: Record<string, unknown> },
  ): Promise<ClockState | null> {
    let state: ClockState | null = null;
    let calendarUnknown = false;
    if (e.clock) {
      try {
        state = await replay(tx, req, org, [e.clock]);
      } catch (err) {
        // A deadline reaching a year whose holidays are not entered yet: the step is recorded, the
        // deadline stays unknown (never guessed) until the calendar is completed (the sweep then fills it in).
        if (!(err instanceof InvalidState && err.code === 'CALENDAR_UNKNOWN')) throw err;
        calendarUnknown = true;
      }
    }
    await tx
      .insertInto('requestEvents')
      .values({
        requestId: req.id,
        type: e.type,
        onDate: e.on ?? today(),
        actorId: actorId(actor),
        actorLabel: actorLabelOf(actor),
        summary: e.summary,
        note: e.note ?? null,
        clock: e.clock ? JSON.stringify(e.clock) : null,
        visible: e.visible ?? true,
        noticeId: e.noticeId ?? null,
      })
      .execute();
    if (state) {
      await tx
        .updateTable('requests')
        .set({ dueOn: state.delayedUntil ?? state.due, clockPaused: state.status === 'paused', extensionDays: state.extensionDays, updatedAt: clock.now() })
        .where('id', '=', req.id)
        .execute();
    } else if (calendarUnknown) {
      await tx.updateTable('requests').set({ dueOn: null, clockPaused: false, updatedAt: clock.now() }).where('id', '=', req.id).execute();
    }
    await audit.record(tx, actor, `request.${e.type}`, { orgId: org.id, subjectType: 'request', subjectId: req.id, summary: { caseNumber: req.caseNumber, ...e.audit } });
    return state;
  }

  /** Tells the applicant by e-mail (and SMS to a mobile number) — enqueued in the step's transaction. */
  async function tellApplicant(tx: Tx, req: RequestRow, subject: string, text: string, attachments?: OutboundMessage['attachments']) {
    if (!deps.messages || req.personalPurgedAt) return;
    const link = `${deps.publicUrl.replace(/\/$/, '')}/requests/track`;
    const body = `${req.applicantName}：\n\n${text}\n\n申请编号：${req.caseNumber}\n查询办理进度：${link}（凭申请编号和查询码）\n\n此邮件由系统发送，请勿直接回复。`;
    if (req.email) await deps.messages.enqueue(tx, { channel: 'email', to: req.email, subject: `【政府信息公开申请 ${req.caseNumber}】${subject}`, text: body, related: `request:${req.id}`, attachments });
    if (req.phone && MOBILE.test(req.phone.replace(/[\s-]/g, ''))) {
      await deps.messages.enqueue(tx, { channel: 'sms', to: req.phone.replace(/[\s-]/g, ''), subject, text: `您的政府信息公开申请（${req.caseNumber}）：${subject}。详情请凭查询码登录 ${link} 查看。`, related: `request:${req.id}` });
    }
  }

  /** Staff e-mail (reminders, escalation). */
  async function tellStaff(tx: Tx, userIds: readonly string[], subject: string, text: string, related: string) {
    if (!deps.messages || userIds.length === 0) return;
    const users = await tx.selectFrom('users').select(['email']).where('id', 'in', [...userIds]).where('isActive', '=', true).execute();
    for (const u of users) if (u.email) await deps.messages.enqueue(tx, { channel: 'email', to: u.email, subject, text, related });
  }

  async function templateFor(ex: Executor, orgId: string, kind: NoticeKind, outcome?: Outcome) {
    const t = await ex.selectFrom('noticeTemplates').select(['title', 'body']).where('orgId', '=', orgId).where('kind', '=', templateKey(kind, outcome)).executeTakeFirst();
    return t ?? undefined;
  }

  /** Produces a formal notice (DOCX, and PDF when a Chinese font is available) with its own 文号. */
  async function issueNotice(tx: Tx, actor: Actor, req: RequestRow, org: OrganisationRow, kind: NoticeKind, data: Partial<NoticeData>) {
    const issuedOn = today();
    const year = Number(issuedOn.slice(0, 4));
    const seq = await nextNumber(tx, org.id, year, 'notice');
    const noticeNumber = `${org.shortName ?? org.name}依申请公开〔${year}〕${seq}号`;
    const full: NoticeData = {
      agencyName: org.name,
      agencyAddress: org.address ?? undefined,
      agencyPhone: org.phone ?? undefined,
      noticeNumber,
      caseNumber: req.caseNumber,
      applicantName: req.applicantName,
      receivedOn: req.receivedOn ?? chinaDate(req.submittedAt),
      issuedOn,
      requestSummary: req.title,
      ...data,
    };
    const rendered = renderNotice(kind, full, await templateFor(tx, org.id, kind, data.outcome));
    const docx = noticeDocx(rendered);
    let pdf: Buffer | null;
    try {
      pdf = await noticePdf(rendered);
    } catch {
      // No Chinese font on this machine: the DOCX is the notice (the page says so).
      pdf = null;
    }
    const storedDocx = await storage.put(docx);
    const storedPdf = pdf ? await storage.put(pdf) : null;
    const row = await tx
      .insertInto('requestNotices')
      .values({
        requestId: req.id,
        kind,
        noticeNumber,
        title: rendered.title,
        issuedOn,
        docxSha256: storedDocx.sha256,
        pdfSha256: storedPdf?.sha256 ?? null,
        bodyText: [rendered.title, noticeNumber, ...rendered.paragraphs].join('\n'),
        createdBy: actorId(actor),
      })
      .returning(['id', 'noticeNumber', 'title'])
      .executeTakeFirstOrThrow();
    // The DOCX goes with the e-mail that announces the step.
    return { ...row, attachment: { filename: `${req.caseNumber}-${rendered.title}.docx`, contentType: mediaTypeOf('docx'), content: docx } };
  }

  /** The applicant's applications to this agency in the calendar month up to `before` (the per-application fee tier). */
  async function applicantMonthCount(ex: Executor, applicantKey: string, orgId: string, before: Date): Promise<number> {
    const d = chinaDate(before);
    const monthStart = new Date(`${d.slice(0, 7)}-01T00:00:00+08:00`);
    const r = await ex
      .selectFrom('requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('applicantKey', '=', applicantKey)
      .where('orgId', '=', orgId)
      .where('submittedAt', '>=', monthStart)
      .where('submittedAt', '<=', before)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Creates the case (online or registered by staff). */
  async function createCase(
    actor: Actor,
    input: ApplicationInput,
    opts: { channel: keyof typeof CHANNELS; receivedOn: string | null; idempotencyKey: string | null; files: { fileName: string; buffer: Buffer }[]; note?: string | null },
  ): Promise<{ id: string; caseNumber: string; queryCode: string | null; duplicate: boolean }> {
    const org = await orgs.lookup(input.orgId);
    if (!org || !org.isActive) throw new ValidationFailed({ orgId: '请选择受理机关。' });
    if (opts.files.length > 10) throw new ValidationFailed({ files: '附件最多 10 个。' });
    const stored: { fileName: string; sha256: string; size: number; mediaType: string }[] = [];
    for (const f of opts.files) {
      if (f.buffer.length === 0) continue;
      if (f.buffer.length > deps.maxFileBytes) throw new ValidationFailed({ files: `附件“${safeFileName(f.fileName)}”超过 ${Math.round(deps.maxFileBytes / 1_048_576)} MB 的大小限制。` });
      const fileName = safeFileName(f.fileName);
      const kind = sniffFile(f.buffer, fileName);
      stored.push({ fileName, mediaType: kind.mediaType, ...(await storage.put(f.buffer)) });
    }
    if (opts.idempotencyKey) {
      const existing = await db.selectFrom('requests').select(['id', 'caseNumber']).where('idempotencyKey', '=', opts.idempotencyKey).executeTakeFirst();
      if (existing) return { id: existing.id, caseNumber: existing.caseNumber, queryCode: null, duplicate: true };
    }
    const now = clock.now();
    const submittedOn = chinaDate(now);
    const queryCode = newQueryCode();
    const applicantKey = applicantKeyOf(input);
    const infoKey = infoKeyOf(input);
    try {
      return await db.transaction().execute(async (tx) => {
        const year = Number(submittedOn.slice(0, 4));
        const seq = await nextNumber(tx, org.id, year, 'case');
        const caseNumber = `${org.slug.toUpperCase()}-${year}-${String(seq).padStart(5, '0')}`;
        const repeat = await tx
          .selectFrom('requests')
          .select(['id'])
          .where('orgId', '=', org.id)
          .where('applicantKey', '=', applicantKey)
          .where('infoKey', '=', infoKey)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        const row = await tx
          .insertInto('requests')
          .values({
            orgId: org.id,
            caseNumber,
            caseYear: year,
            queryCodeHash: hashQueryCode(queryCode),
            idempotencyKey: opts.idempotencyKey,
            channel: opts.channel,
            status: 'submitted',
            applicantKind: input.applicantKind,
            applicantName: input.applicantName,
            idType: input.idType,
            idNumber: input.idNumber,
            legalRep: input.legalRep,
            contactPerson: input.contactPerson,
            phone: input.phone,
            email: input.email,
            address: input.address,
            postcode: input.postcode,
            applicantKey,
            userId: actor.kind === 'user' && actor.userKind === 'public' ? actor.id : null,
            title: input.title,
            description: input.description,
            docRef: input.docRef,
            infoKey,
            provisionForm: input.provisionForm,
            obtainMethod: input.obtainMethod,
            needsAssistance: input.needsAssistance,
            submittedAt: now,
            repeatOfId: repeat?.id ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        for (const f of stored) {
          await tx.insertInto('requestFiles').values({ requestId: row.id, role: 'application', sha256: f.sha256, fileName: f.fileName, mediaType: f.mediaType, sizeBytes: f.size, createdBy: actorId(actor) }).execute();
        }
        const online = opts.channel === 'online';
        await step(tx, actor, row, org, {
          type: online ? 'submitted' : 'registered',
          on: submittedOn,
          summary: online ? '通过互联网提交政府信息公开申请。' : `登记${CHANNELS[opts.channel].label}的申请（${CHANNELS[opts.channel].rule}）。`,
          note: opts.note ?? null,
          audit: { channel: opts.channel, repeatOf: repeat?.id ?? null, files: stored.length },
        });
        const autoReceive = online ? settings.onlineReceipt === 'auto' : !CHANNELS[opts.channel].confirm;
        let state: ClockState | null = null;
        if (autoReceive) {
          const on = opts.receivedOn ?? submittedOn;
          state = await receive(tx, actor, row, org, on, online ? '系统自动确认收到在线申请（双方确认之日）。' : CHANNELS[opts.channel].rule);
        }
        await tellApplicant(
          tx,
          row,
          '申请已提交',
          `您向${org.name}提出的政府信息公开申请已${online ? '提交' : '登记'}。` +
            (state?.due ? `本机关已于 ${row.receivedOn ?? opts.receivedOn ?? submittedOn} 收到申请，答复期限为 ${state.due}。` : '本机关将与您确认收到申请的日期，确认之日为收到申请之日（《政府信息公开条例》第三十一条）。') +
            (online ? `\n查询码：${queryCode}（请妥善保管，凭申请编号和查询码查询办理进度）` : ''),
        );
        return { id: row.id, caseNumber, queryCode, duplicate: false };
      });
    } catch (e) {
      // Two submissions of the same form raced: the second finds the first.
      if (opts.idempotencyKey && e instanceof Error && /requests_idempotency_key_key/.test(e.message)) {
        const existing = await db.selectFrom('requests').select(['id', 'caseNumber']).where('idempotencyKey', '=', opts.idempotencyKey).executeTakeFirstOrThrow();
        return { id: existing.id, caseNumber: existing.caseNumber, queryCode: null, duplicate: true };
      }
      throw e;
    }
  }

  /** Fixes the receipt date (Art. 31), starts the clock and issues the 受理回执. */
  async function receive(tx: Tx, actor: Actor, req: RequestRow, org: OrganisationRow, on: string, summary: string): Promise<ClockState | null> {
    const submittedOn = chinaDate(req.submittedAt);
    if (on < submittedOn && req.channel === 'online') throw new ValidationFailed({ on: `确认日期不能早于提交日期（${submittedOn}）。` });
    await tx.updateTable('requests').set({ status: 'handling', receivedOn: on, updatedAt: clock.now() }).where('id', '=', req.id).execute();
    const received = { ...req, status: 'handling' as const, receivedOn: on };
    const state = await step(tx, actor, received, org, { type: 'received', on, summary, clock: { type: 'received', on } });
    const notice = await issueNotice(tx, actor, received, org, 'receipt', { replyDue: state?.due ?? undefined });
    await tx.updateTable('requestEvents').set({ noticeId: notice.id }).where('requestId', '=', req.id).where('type', '=', 'received').execute();
    await tellApplicant(tx, received, '已收到申请', `${org.name}已于 ${on} 收到您的申请（${summary}）。依法应在 ${state?.due ?? '（见办理页面）'} 前答复。受理回执见附件。`, [notice.attachment]);
    return state;
  }

  /** The clock and its explanation for a case (null before receipt). */
  async function clockOf(req: RequestRow, org: OrganisationRow): Promise<ClockState | null> {
    if (!req.receivedOn) return null;
    try {
      return await replay(db, req, org);
    } catch {
      return null;
    }
  }

  function personalView(actor: Actor, req: RequestRow, org: OrganisationRow) {
    const allowed = canOnRequest(actor, 'personal-data', org.path) && !req.personalPurgedAt;
    return {
      allowed,
      applicantName: allowed ? req.applicantName : maskName(req.applicantName),
      idType: allowed ? req.idType : null,
      idNumber: allowed ? req.idNumber : null,
      legalRep: allowed ? req.legalRep : null,
      contactPerson: allowed ? req.contactPerson : null,
      phone: allowed ? req.phone : null,
      email: allowed ? req.email : null,
      address: allowed ? req.address : null,
      postcode: allowed ? req.postcode : null,
    };
  }

  /** A case row without personal data (for lists of people who may not see it). */
  const redactRow = (r: RequestRow, allowed: boolean) => {
    // The query code's hash and the form key are nobody's business (a hash of 8 characters can be brute-forced).
    const safe = { ...r, queryCodeHash: '', idempotencyKey: null };
    return allowed ? safe : { ...safe, applicantName: maskName(r.applicantName), idType: null, idNumber: null, legalRep: null, contactPerson: null, phone: null, email: null, address: null, postcode: null, applicantKey: '' };
  };

  async function closeCase(tx: Tx, actor: Actor, req: RequestRow, org: OrganisationRow, status: 'replied' | 'withdrawn' | 'abandoned', outcome: Outcome, reasons: string | null, on: string) {
    await tx.updateTable('requests').set({ status, outcome, outcomeReasons: reasons, closedOn: on, repliedOn: status === 'replied' ? on : null, dueOn: null, clockPaused: false, updatedAt: clock.now() }).where('id', '=', req.id).execute();
  }

  return {
    settings,

    /** Online application from the public form. */
    async apply(actor: Actor, raw: unknown, files: { fileName: string; buffer: Buffer }[] = [], idempotencyKey: string | null = null) {
      const input = parseInput(ApplicationInput, raw);
      return createCase(actor, input, { channel: 'online', receivedOn: null, idempotencyKey: formKey(idempotencyKey), files });
    },

    /** Staff register an application received in person, by post, fax or orally (Art. 31). */
    async register(actor: Actor, raw: unknown, files: { fileName: string; buffer: Buffer }[] = [], idempotencyKey: string | null = null) {
      // Both groups of fields are checked, so a form with errors in both shows them all at once.
      const errors: Record<string, string> = {};
      const attempt = <T>(parse: () => T): T | undefined => {
        try {
          return parse();
        } catch (e) {
          if (!(e instanceof ValidationFailed)) throw e;
          Object.assign(errors, e.fields);
          return undefined;
        }
      };
      const reg = attempt(() => parseInput(RegistrationInput, raw));
      const input = attempt(() => parseInput(ApplicationInput, raw));
      if (!reg || !input) throw new ValidationFailed(errors);
      const org = await orgOf(input.orgId).catch(() => {
        throw new ValidationFailed({ orgId: '请选择受理机关。' });
      });
      if (!canOnRequest(actor, 'handle', org.path)) throw new Forbidden('REQUEST_FORBIDDEN', '您没有为该机关登记申请的权限。');
      const confirm = CHANNELS[reg.channel].confirm;
      if (!confirm && !reg.receivedOn) throw new ValidationFailed({ receivedOn: `请填写收到申请日期（${CHANNELS[reg.channel].rule}）。` });
      if (reg.receivedOn) checkNotFuture(reg.receivedOn, 'receivedOn');
      return createCase(actor, input, { channel: reg.channel, receivedOn: confirm ? null : reg.receivedOn, idempotencyKey: formKey(idempotencyKey), files, note: reg.note });
    },

    /** Art. 31 confirmation for online, fax and ordinary-mail applications: the confirmation day is the receipt day. */
    async confirmReceipt(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const { on, note } = parseInput(DateNoteInput, raw);
      checkNotFuture(on);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['submitted'], '该申请已确认收到。');
        await receive(tx, actor, locked, org, on, `${CHANNELS[locked.channel].rule}${note ? `：${note}` : ''}`);
      });
    },

    /** 补正: one complete notice within 7 working days of receipt, with a reasonable period. */
    async requestCorrection(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(CorrectionInput, raw);
      if (input.until <= today()) throw new ValidationFailed({ until: '补正期限应晚于今天。' });
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以告知补正。');
        const on = today();
        const notice = await issueNotice(tx, actor, locked, org, 'correction', { correction: { items: input.items, until: input.until } });
        await tx.updateTable('requests').set({ status: 'correction' }).where('id', '=', req.id).execute();
        const state = await step(tx, actor, locked, org, {
          type: 'correction-requested',
          on,
          summary: `一次性告知需要补正的事项，补正期限至 ${input.until}。`,
          note: input.items,
          clock: { type: 'correction-requested', on, until: input.until },
          noticeId: notice.id,
        });
        await tellApplicant(tx, locked, '请补正申请', `您的申请内容需要补正，请于 ${input.until} 前补正：\n${input.items}\n逾期无正当理由不补正的，视为放弃申请。${state?.correctionNoticeLate ? '' : ''}`, [notice.attachment]);
      });
    },

    /** The corrected application arrived: the reply period runs anew from that day. */
    async recordCorrection(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const { on, note } = parseInput(DateNoteInput, raw);
      checkNotFuture(on);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['correction'], '该申请不在等待补正状态。');
        await tx.updateTable('requests').set({ status: 'handling' }).where('id', '=', req.id).execute();
        const state = await step(tx, actor, locked, org, { type: 'corrected', on, summary: '收到补正后的申请，答复期限自收到补正之日起重新计算。', note, clock: { type: 'corrected', on } });
        await tellApplicant(tx, locked, '已收到补正材料', `本机关已于 ${on} 收到您补正后的申请，答复期限重新计算，至 ${state?.due ?? '（见办理页面）'}。`);
      });
    },

    /** The correction period passed without a correction: deemed abandoned (三(六)1). */
    async abandon(actor: Actor, id: string) {
      const { req, org } = await load(actor, id, 'handle');
      await db.transaction().execute(async (tx) => abandonLocked(tx, actor, await lock(tx, req.id), org));
    },

    async assign(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const { assigneeId } = parseInput(AssignInput, raw);
      const staff = await db
        .selectFrom('users as u')
        .innerJoin('roleGrants as g', 'g.userId', 'u.id')
        .innerJoin('organisations as o', 'o.id', 'g.orgId')
        .select(['u.id', 'u.displayName', 'o.path'])
        .where('u.id', '=', assigneeId)
        .where('u.isActive', '=', true)
        .where('g.role', 'in', ['disclosure_officer', 'office_head'])
        .execute();
      const person = staff.find((s) => org.path.startsWith(s.path));
      if (!person) throw new ValidationFailed({ assigneeId: '经办人须是本机关的依申请公开工作人员。' });
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['submitted', 'handling', 'correction'], '已办结的申请不能再分派。');
        await tx.updateTable('requests').set({ assigneeId, updatedAt: clock.now() }).where('id', '=', req.id).execute();
        await step(tx, actor, locked, org, { type: 'assigned', summary: `分派给 ${person.displayName} 办理。`, visible: false, audit: { assigneeId } });
      });
    },

    /** Transfers the case to another agency on the platform, with a reason; the clock keeps running. */
    async transfer(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(TransferInput, raw);
      const target = await orgs.lookup(input.orgId);
      if (!target || !target.isActive) throw new ValidationFailed({ orgId: '请选择移送的机关。' });
      if (target.id === org.id) throw new ValidationFailed({ orgId: '不能移送给本机关。' });
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['submitted', 'handling'], '只有未答复且不在补正期间的申请可以移送。');
        await tx.updateTable('requests').set({ orgId: target.id, assigneeId: null, updatedAt: clock.now() }).where('id', '=', req.id).execute();
        await step(tx, actor, locked, org, { type: 'transferred', summary: `移送${target.name}办理。`, note: input.reason, audit: { to: target.id } });
        await audit.record(tx, actor, 'request.transferred-in', { orgId: target.id, subjectType: 'request', subjectId: req.id, summary: { caseNumber: locked.caseNumber, from: org.id } });
        await tellApplicant(tx, locked, '申请已移送', `您的申请已由${org.name}移送${target.name}办理。理由：${input.reason}`);
      });
    },

    /** Written consultation of a third party (Art. 32) or another agency (Art. 34): the clock stops. */
    async startConsultation(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(ConsultationInput, raw);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以征求意见。');
        const on = today();
        const state = await replay(tx, locked, org, [{ type: 'pause-started', on, reason: input.kind }]);
        const responseDue = state?.pauses.at(-1)?.responseDue ?? null;
        const notice =
          input.kind === 'third-party'
            ? await issueNotice(tx, actor, locked, org, 'consultation', { consultation: { thirdParty: input.party, responseDue: responseDue ?? '', infoSummary: input.infoSummary } })
            : null;
        await tx.insertInto('requestConsultations').values({ requestId: req.id, kind: input.kind, party: input.party, sentOn: on, responseDue }).execute();
        await step(tx, actor, locked, org, {
          type: 'consultation-started',
          on,
          summary: `书面征求${input.kind === 'third-party' ? '第三方' : '其他机关'}意见，征求意见期间不计入答复期限${responseDue ? `；对方应于 ${responseDue} 前答复` : ''}。`,
          note: `${input.party}：${input.infoSummary}`,
          clock: { type: 'pause-started', on, reason: input.kind },
          noticeId: notice?.id ?? null,
        });
        await tellApplicant(tx, locked, '正在征求意见', `本机关正在依法书面征求${input.kind === 'third-party' ? '第三方' : '有关机关'}的意见，征求意见所需时间不计算在答复期限内（《政府信息公开条例》第三十三条）。`);
      });
    },

    async answerConsultation(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(ConsultationAnswerInput, raw);
      checkNotFuture(input.on);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        // A withdrawn or closed case has no clock to resume (and must keep due_on empty).
        requireState(locked, ['handling'], '只有办理中的申请可以登记征求意见结果。');
        const c = await tx.selectFrom('requestConsultations').selectAll().where('id', '=', input.consultationId).where('requestId', '=', req.id).forUpdate().executeTakeFirst();
        if (!c) throw new ValidationFailed({ consultationId: '征求意见记录不存在。' });
        if (c.answeredOn) throw new InvalidState('CONSULTATION_ANSWERED', '该征求意见已登记结果。');
        if (input.on < c.sentOn) throw new ValidationFailed({ on: `答复日期不能早于发函日期（${c.sentOn}）。` });
        await tx.updateTable('requestConsultations').set({ answeredOn: input.on, answer: input.answer, answerNote: input.note }).where('id', '=', c.id).execute();
        const label = { consent: '同意公开', objection: '不同意公开', 'no-reply': '逾期未答复' }[input.answer];
        const state = await step(tx, actor, locked, org, {
          type: 'consultation-answered',
          on: input.on,
          summary: `征求意见结束（${label}），答复期限恢复计算。`,
          note: input.note,
          clock: { type: 'pause-ended', on: input.on },
        });
        await tellApplicant(tx, locked, '征求意见结束', `征求意见已结束，答复期限恢复计算，至 ${state?.due ?? '（见办理页面）'}。`);
      });
    },

    /** One extension of at most 20 working days (15 under the 2007 rules), approved by the office head and notified. */
    async extend(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'approve-extension');
      const input = parseInput(ExtensionInput, raw);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以延期。');
        const on = today();
        const state = await replay(tx, locked, org, [{ type: 'extended', on, days: input.days }]).catch((e: unknown) => {
          if (e instanceof InvalidState && e.code === 'CLOCK_EXTENSION_TOO_LONG') throw new ValidationFailed({ days: e.message });
          throw e;
        });
        const notice = await issueNotice(tx, actor, locked, org, 'extension', { extension: { days: input.days, newDue: state?.due ?? '', reason: input.reason } });
        await step(tx, actor, locked, org, {
          type: 'extended',
          on,
          summary: `经政府信息公开工作机构负责人批准，答复期限延长 ${input.days} 个工作日，至 ${state?.due}。`,
          note: input.reason,
          clock: { type: 'extended', on, days: input.days },
          noticeId: notice.id,
          audit: { days: input.days },
        });
        await tellApplicant(tx, locked, '答复期限延长', `经批准，答复期限延长 ${input.days} 个工作日，至 ${state?.due}。理由：${input.reason}`, [notice.attachment]);
      });
    },

    /** 收费通知 (信息处理费, one method per application); the clock stops until payment when so configured. */
    async noticeFee(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(FeeInput, raw);
      if (input.method === 'per-volume' && !input.pages) throw new ValidationFailed({ pages: '按量计收须填写页数。' });
      if (input.payBy <= today()) throw new ValidationFailed({ payBy: '缴费期限应晚于今天。' });
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以发出收费通知。');
        if (locked.feeMethod) throw new InvalidState('FEE_ONCE', '每件申请只能选择一种计费方式，且只能发出一次收费通知。');
        const nth = await applicantMonthCount(tx, locked.applicantKey, locked.orgId, locked.submittedAt);
        const amount = input.method === 'per-application' ? feeForApplication(nth) : feeForPages(input.pages!);
        if (amount <= 0) throw new ValidationFailed({ method: input.method === 'per-application' ? `该申请人本月第 ${nth} 件申请，未超过免费件数，不收费。` : `${input.pages} 页未超过免费页数，不收费。` });
        const on = today();
        const notice = await issueNotice(tx, actor, locked, org, 'fee', { fee: { method: input.method, amount, breakdown: feeBreakdown(input.method === 'per-application' ? { method: 'per-application', nthThisMonth: nth } : { method: 'per-volume', pages: input.pages! }), payBy: input.payBy, howToPay: input.howToPay } });
        await tx.updateTable('requests').set({ feeMethod: input.method, feeAmount: amount }).where('id', '=', req.id).execute();
        await step(tx, actor, locked, org, {
          type: 'fee-noticed',
          on,
          summary: `发出收费通知：${input.method === 'per-application' ? `按件计收（本月第 ${nth} 件）` : `按量计收（${input.pages} 页）`}，金额 ${amount} 元，缴费期限 ${input.payBy}。`,
          clock: { type: 'pause-started', on, reason: 'fee' },
          noticeId: notice.id,
          audit: { method: input.method, amount },
        });
        await tellApplicant(tx, locked, '收费通知', `依据《政府信息公开信息处理费管理办法》，本申请应缴纳信息处理费 ${amount} 元，请于 ${input.payBy} 前缴纳。缴费方式：${input.howToPay}`, [notice.attachment]);
      });
    },

    async recordFeePaid(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const { on, note } = parseInput(DateNoteInput, raw);
      checkNotFuture(on);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以登记缴费。');
        if (!locked.feeMethod || !locked.clockPaused) throw new InvalidState('NO_FEE_PENDING', '该申请没有待缴的费用。');
        await step(tx, actor, locked, org, { type: 'fee-paid', on, summary: '收到缴费，答复期限恢复计算。', note, clock: { type: 'pause-ended', on } });
      });
    },

    /** The fee was not paid by the deadline: processing stops (三(六)2). */
    async recordFeeUnpaid(actor: Actor, id: string) {
      const { req, org } = await load(actor, id, 'handle');
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以登记逾期未缴费。');
        if (!locked.feeMethod) throw new InvalidState('NO_FEE_PENDING', '该申请没有发出收费通知。');
        const on = today();
        await closeCase(tx, actor, locked, org, 'replied', 'other.overdueFee', '申请人逾期未按收费通知要求缴纳费用。', on);
        await step(tx, actor, locked, org, { type: 'fee-unpaid', on, summary: '申请人逾期未缴纳信息处理费，本机关不再处理该申请。' });
        await tellApplicant(tx, locked, '申请不再处理', '您未在收费通知规定的期限内缴纳信息处理费，本机关不再处理该申请。');
      });
    },

    /** Art. 35: a reasonable delayed deadline for mass or frequent requests with a reasonable ground. */
    async delay(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'approve-extension');
      const input = parseInput(DelayInput, raw);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '只有办理中的申请可以另行确定答复期限。');
        const on = today();
        await replay(tx, locked, org, [{ type: 'delayed', on, until: input.until }]);
        const notice = await issueNotice(tx, actor, locked, org, 'delay', { delay: { until: input.until, reason: input.reason } });
        await step(tx, actor, locked, org, { type: 'delayed', on, summary: `依据第三十五条另行确定答复期限至 ${input.until}。`, note: input.reason, clock: { type: 'delayed', on, until: input.until }, noticeId: notice.id });
        await tellApplicant(tx, locked, '另行确定答复期限', `依据《政府信息公开条例》第三十五条，本机关确定在 ${input.until} 前答复。理由：${input.reason}`);
      });
    },

    /** The applicant (or staff on their written request) withdraws: a terminal state counted under 三(六)3. */
    async withdraw(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => withdrawLocked(tx, actor, await lock(tx, req.id), org, reason));
    },

    /** The applicant withdraws from the tracking page (case number + query code, or their account). */
    async withdrawByApplicant(caseNumber: string, code: string | null, user: Actor, raw: unknown) {
      const req = await findForApplicant(caseNumber, code, user);
      const org = await orgOf(req.orgId);
      const { reason } = parseInput(ReasonInput, raw);
      await db.transaction().execute(async (tx) => withdrawLocked(tx, user, await lock(tx, req.id), org, reason));
    },

    /** The reply: one outcome code (one table-3 row), reasons where the law asks, the 答复告知书 and released documents. */
    async reply(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(ReplyInput, raw);
      if (!isOutcome(input.outcome)) throw new ValidationFailed({ outcome: '请选择答复结果。' });
      const outcome = input.outcome;
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], locked.status === 'submitted' ? '请先确认收到申请。' : locked.status === 'correction' ? '申请正在等待补正，不能答复。' : '该申请已答复或已办结。');
        if (locked.clockPaused) throw new InvalidState('REQUEST_PAUSED', '征求意见或缴费期间尚未结束，请先登记结果。');
        const released = await tx.selectFrom('requestFiles').select(['fileName']).where('requestId', '=', req.id).where('role', '=', 'released').execute();
        if (OUTCOME_INFO[outcome].releases && released.length === 0 && locked.provisionForm !== 'inspect') {
          throw new ValidationFailed({ outcome: '予以公开或部分公开时，请先上传提供给申请人的政府信息（或在理由中说明获取方式后选择“查阅、抄录”形式）。' });
        }
        const on = today();
        const notice = await issueNotice(tx, actor, locked, org, 'reply', {
          outcome,
          reasons: input.reasons ?? undefined,
          legalBasis: OUTCOME_INFO[outcome].basis,
          released: released.map((r) => r.fileName),
          otherAgency: input.otherAgencyName ? { name: input.otherAgencyName, contact: input.otherAgencyContact ?? '' } : undefined,
        });
        await closeCase(tx, actor, locked, org, 'replied', outcome, input.reasons, on);
        await step(tx, actor, locked, org, { type: 'replied', on, summary: `作出答复：${OUTCOME_INFO[outcome].label}。`, note: input.reasons, noticeId: notice.id, audit: { outcome } });
        await tellApplicant(tx, locked, '已作出答复', `${org.name}已对您的申请作出答复（${OUTCOME_INFO[outcome].label}）。答复告知书见附件，也可在办理进度页面查看和下载。`, [notice.attachment]);
      });
    },

    /** A document released to the applicant with the reply. */
    async addReleasedFile(actor: Actor, id: string, file: { fileName: string; buffer: Buffer }) {
      const { req, org } = await load(actor, id, 'handle');
      if (file.buffer.length === 0) throw new ValidationFailed({ file: '请选择要上传的文件。' });
      if (file.buffer.length > deps.maxFileBytes) throw new ValidationFailed({ file: `文件超过 ${Math.round(deps.maxFileBytes / 1_048_576)} MB 的大小限制。` });
      const fileName = safeFileName(file.fileName);
      const kind = sniffFile(file.buffer, fileName);
      const stored = await storage.put(file.buffer);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '答复后不能再添加提供的信息。');
        await tx.insertInto('requestFiles').values({ requestId: req.id, role: 'released', sha256: stored.sha256, fileName, mediaType: kind.mediaType, sizeBytes: stored.size, createdBy: actorId(actor) }).execute();
        await audit.record(tx, actor, 'request.file-added', { orgId: org.id, subjectType: 'request', subjectId: req.id, summary: { caseNumber: locked.caseNumber, fileName, sha256: stored.sha256 } });
      });
    },

    async removeReleasedFile(actor: Actor, id: string, fileId: string) {
      const { req, org } = await load(actor, id, 'handle');
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['handling'], '答复后不能再移除提供的信息。');
        const r = await tx.deleteFrom('requestFiles').where('id', '=', ID.test(fileId) ? fileId : '0').where('requestId', '=', req.id).where('role', '=', 'released').executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
        await audit.record(tx, actor, 'request.file-removed', { orgId: org.id, subjectType: 'request', subjectId: req.id, summary: { caseNumber: locked.caseNumber, fileId } });
      });
    },

    /** 送达: how and when the reply reached the applicant. */
    async recordDelivery(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(DeliveryInput, raw);
      checkNotFuture(input.on);
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['replied'], '答复后才能登记送达。');
        if (locked.repliedOn && input.on < locked.repliedOn) throw new ValidationFailed({ on: `送达日期不能早于答复日期（${locked.repliedOn}）。` });
        await tx.updateTable('requests').set({ deliveredOn: input.on, deliveryMethod: input.method, updatedAt: clock.now() }).where('id', '=', req.id).execute();
        await step(tx, actor, locked, org, { type: 'delivered', on: input.on, summary: `${DELIVERY_METHODS[input.method]}。` });
      });
    },

    async archive(actor: Actor, id: string) {
      const { req, org } = await load(actor, id, 'handle');
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        requireState(locked, ['replied'], '只有已答复的申请可以归档。');
        if (!locked.deliveredOn && locked.outcome !== 'other.overdueFee') throw new InvalidState('NOT_DELIVERED', '请先登记送达情况再归档。');
        await tx.updateTable('requests').set({ status: 'archived', updatedAt: clock.now() }).where('id', '=', req.id).execute();
        await step(tx, actor, locked, org, { type: 'archived', summary: '办结归档。', visible: false });
      });
    },

    /** 行政复议 / 行政诉讼 about this request (annual-report table 4). */
    async recordRemedy(actor: Actor, id: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(RemedyInput, raw);
      checkNotFuture(input.filedOn, 'filedOn');
      if (input.result !== 'pending' && !input.decidedOn) throw new ValidationFailed({ decidedOn: '已审结的，请填写审结日期。' });
      if (input.result === 'pending' && input.decidedOn) throw new ValidationFailed({ decidedOn: '尚未审结的，不填写审结日期。' });
      if (input.decidedOn && input.decidedOn < input.filedOn) throw new ValidationFailed({ decidedOn: '审结日期不能早于申请或起诉日期。' });
      if (input.decidedOn) checkNotFuture(input.decidedOn, 'decidedOn');
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        await tx.insertInto('requestRemedies').values({ requestId: req.id, kind: input.kind, filedOn: input.filedOn, body: input.body, result: input.result, decidedOn: input.decidedOn, note: input.note, createdBy: actorId(actor) }).execute();
        await step(tx, actor, locked, org, { type: 'remedy-recorded', summary: `记录${{ reconsideration: '行政复议', litigationDirect: '行政诉讼', litigationAfterReconsideration: '复议后行政诉讼' }[input.kind]}（${input.body}）。`, visible: false, audit: { kind: input.kind, result: input.result } });
      });
    },

    async updateRemedy(actor: Actor, id: string, remedyId: string, raw: unknown) {
      const { req, org } = await load(actor, id, 'handle');
      const input = parseInput(RemedyInput, raw);
      checkNotFuture(input.filedOn, 'filedOn');
      if (input.result !== 'pending' && !input.decidedOn) throw new ValidationFailed({ decidedOn: '已审结的，请填写审结日期。' });
      if (input.result !== 'pending' && input.decidedOn && input.decidedOn < input.filedOn) throw new ValidationFailed({ decidedOn: '审结日期不能早于申请或起诉日期。' });
      if (input.decidedOn) checkNotFuture(input.decidedOn, 'decidedOn');
      await db.transaction().execute(async (tx) => {
        const locked = await lock(tx, req.id);
        const r = await tx
          .updateTable('requestRemedies')
          .set({ kind: input.kind, filedOn: input.filedOn, body: input.body, result: input.result, decidedOn: input.result === 'pending' ? null : input.decidedOn, note: input.note })
          .where('id', '=', ID.test(remedyId) ? remedyId : '0')
          .where('requestId', '=', req.id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new NotFound('REMEDY_NOT_FOUND', '该复议或诉讼记录不存在。');
        await step(tx, actor, locked, org, { type: 'remedy-updated', summary: `更新复议或诉讼结果。`, visible: false, audit: { remedyId, result: input.result } });
      });
    },

    /** Everything the case page shows; personal data only for the handling agency's disclosure staff. */
    async get(actor: Actor, id: string) {
      const { req, org } = await load(actor, id);
      const [events, notices, files, consultations, remedies, assignee, clockState, repeatOf, monthCount] = await Promise.all([
        db.selectFrom('requestEvents').selectAll().where('requestId', '=', req.id).orderBy('id').execute(),
        db.selectFrom('requestNotices').select(['id', 'kind', 'noticeNumber', 'title', 'issuedOn', 'pdfSha256']).where('requestId', '=', req.id).orderBy('id').execute(),
        db.selectFrom('requestFiles').select(['id', 'role', 'fileName', 'mediaType', 'sizeBytes']).where('requestId', '=', req.id).orderBy('id').execute(),
        db.selectFrom('requestConsultations').selectAll().where('requestId', '=', req.id).orderBy('id').execute(),
        db.selectFrom('requestRemedies').selectAll().where('requestId', '=', req.id).orderBy('id').execute(),
        req.assigneeId ? db.selectFrom('users').select(['id', 'displayName']).where('id', '=', req.assigneeId).executeTakeFirst() : undefined,
        clockOf(req, org),
        req.repeatOfId ? db.selectFrom('requests').select(['id', 'caseNumber', 'status', 'outcome']).where('id', '=', req.repeatOfId).executeTakeFirst() : undefined,
        applicantMonthCount(db, req.applicantKey, req.orgId, req.submittedAt),
      ]);
      const personal = personalView(actor, req, org);
      const staff = canOnRequest(actor, 'handle', org.path)
        ? await db
            .selectFrom('users as u')
            .innerJoin('roleGrants as g', 'g.userId', 'u.id')
            .innerJoin('organisations as o', 'o.id', 'g.orgId')
            .select(['u.id', 'u.displayName'])
            .distinct()
            .where('u.isActive', '=', true)
            .where('g.role', 'in', ['disclosure_officer', 'office_head'])
            .where(sql<boolean>`${org.path} LIKE o.path || '%'`)
            .orderBy('u.displayName')
            .execute()
        : [];
      return {
        req: redactRow(req, personal.allowed),
        org,
        personal,
        events,
        notices,
        files,
        consultations,
        remedies,
        assignee,
        clock: clockState,
        /** Received and open, but the deadline reaches a year whose holidays are not entered yet. */
        calendarUnknown: clockState === null && req.receivedOn !== null && (req.status === 'handling' || req.status === 'correction'),
        repeatOf,
        monthCount,
        staff,
        can: {
          handle: canOnRequest(actor, 'handle', org.path),
          extend: canOnRequest(actor, 'approve-extension', org.path),
        },
      };
    },

    /** Case lists: mine (assigned to me) or an agency's, with due-soon and overdue flags. */
    async list(actor: Actor, opts: { scope: 'mine' | 'agency'; orgId?: string | null; status?: string | null; flag?: string | null; q?: string | null; page?: number; pageSize?: number }) {
      const pageSize = Math.min(opts.pageSize ?? 50, 200);
      const page = Math.max(1, Math.min(opts.page ?? 1, 1000));
      const roots = actor.kind === 'system' ? ['/'] : grantRoots(actor, ['disclosure_officer', 'office_head', 'agency_admin', 'coordinator', 'supervisor']);
      if (roots.length === 0) throw new Forbidden('REQUEST_FORBIDDEN', '您没有查看依申请公开案件的权限。');
      let org: OrganisationRow | undefined;
      if (opts.orgId) {
        org = ID.test(opts.orgId) ? await orgs.lookup(opts.orgId) : undefined;
        if (!org || !canOnRequest(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机关不存在。');
      }
      const t = today();
      const cal = await calendar.forAgency(org?.path ?? null);
      let soon: string;
      try {
        soon = cal.addWorkdays(t, settings.dueSoonWorkdays).date;
      } catch {
        soon = t;
      }
      let q = db.selectFrom('requests as r').innerJoin('organisations as o', 'o.id', 'r.orgId');
      if (org) q = q.where('r.orgId', '=', org.id);
      else if (actor.kind !== 'system') q = q.where((eb) => eb.or(roots.map((root) => eb('o.path', 'like', `${root}%`))));
      if (opts.scope === 'mine') q = q.where('r.assigneeId', '=', actor.kind === 'user' ? actor.id : '0');
      const status = opts.status && (opts.status in STATUS_LABELS || opts.status === 'closed' || opts.status === 'all') ? opts.status : 'open';
      if (status === 'open') q = q.where('r.status', 'in', [...OPEN_STATES]);
      else if (status === 'closed') q = q.where('r.status', 'in', ['replied', 'archived', 'withdrawn', 'abandoned']);
      else if (status !== 'all') q = q.where('r.status', '=', status as RequestRow['status']);
      if (opts.flag === 'overdue') q = q.where('r.dueOn', '<', t).where('r.clockPaused', '=', false).where('r.status', '=', 'handling');
      else if (opts.flag === 'due-soon') q = q.where('r.dueOn', '>=', t).where('r.dueOn', '<=', soon).where('r.clockPaused', '=', false).where('r.status', '=', 'handling');
      else if (opts.flag === 'unconfirmed') q = q.where('r.status', '=', 'submitted');
      const query = opts.q?.trim().toUpperCase();
      if (query) q = q.where('r.caseNumber', '=', query);
      const sorted = status === 'open' ? q.orderBy(sql`r.due_on ASC NULLS FIRST`).orderBy('r.id') : q.orderBy('r.id', 'desc');
      const rows = await sorted
        .select(['r.id', 'r.caseNumber', 'r.status', 'r.applicantName', 'r.applicantKind', 'r.title', 'r.channel', 'r.submittedAt', 'r.receivedOn', 'r.dueOn', 'r.clockPaused', 'r.outcome', 'r.closedOn', 'r.repeatOfId', 'r.assigneeId', 'r.personalPurgedAt', 'o.name as orgName', 'o.path as orgPath'])
        .limit(pageSize + 1)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        rows: rows.slice(0, pageSize).map((r) => ({
          ...r,
          applicantName: canOnRequest(actor, 'personal-data', r.orgPath) && !r.personalPurgedAt ? r.applicantName : maskName(r.applicantName),
          flag: r.status !== 'handling' || r.clockPaused || !r.dueOn ? null : r.dueOn < t ? ('overdue' as const) : r.dueOn <= soon ? ('due-soon' as const) : null,
        })),
        page,
        pageSize,
        hasNext: rows.length > pageSize,
        today: t,
        org,
      };
    },

    /** The applicant's view: case number + query code, or the account that submitted it. */
    async track(caseNumber: string, code: string | null, user: Actor) {
      const req = await findForApplicant(caseNumber, code, user);
      const org = await orgOf(req.orgId);
      const [events, notices, files] = await Promise.all([
        db.selectFrom('requestEvents').select(['id', 'type', 'onDate', 'summary', 'noticeId']).where('requestId', '=', req.id).where('visible', '=', true).orderBy('id').execute(),
        // The 征求第三方意见函 is addressed to the third party (and names it): not the applicant's.
        db.selectFrom('requestNotices').select(['id', 'kind', 'noticeNumber', 'title', 'issuedOn', 'pdfSha256']).where('requestId', '=', req.id).where('kind', '!=', 'consultation').orderBy('id').execute(),
        db.selectFrom('requestFiles').select(['id', 'fileName', 'sizeBytes']).where('requestId', '=', req.id).where('role', '=', 'released').execute(),
      ]);
      const clockState = await clockOf(req, org);
      return {
        req: { id: req.id, caseNumber: req.caseNumber, status: req.status, title: req.title, submittedAt: req.submittedAt, receivedOn: req.receivedOn, dueOn: req.dueOn, outcome: req.outcome, closedOn: req.closedOn, channel: req.channel, applicantName: maskName(req.applicantName) },
        org: { name: org.name, phone: org.phone, address: org.address, officeHours: org.officeHours },
        events,
        notices,
        // Released documents are the applicant's once the reply is made.
        files: req.status === 'replied' || req.status === 'archived' ? files : [],
        clock: clockState,
      };
    },

    /** The cases a signed-in member of the public submitted. */
    async mine(user: Actor) {
      if (user.kind !== 'user' || user.userKind !== 'public') return [];
      return db
        .selectFrom('requests as r')
        .innerJoin('organisations as o', 'o.id', 'r.orgId')
        .select(['r.caseNumber', 'r.title', 'r.status', 'r.submittedAt', 'r.dueOn', 'r.outcome', 'o.name as orgName'])
        .where('r.userId', '=', user.id)
        .orderBy('r.id', 'desc')
        .limit(200)
        .execute();
    },

    /** A notice's file, for staff of the case or for the applicant. */
    async noticeFile(actorOrApplicant: { actor: Actor; caseNumber?: string; code?: string | null }, noticeId: string, format: 'docx' | 'pdf') {
      const n = ID.test(noticeId) ? await db.selectFrom('requestNotices').selectAll().where('id', '=', noticeId).executeTakeFirst() : undefined;
      if (!n) throw new NotFound('NOTICE_NOT_FOUND', '该文书不存在。');
      if (actorOrApplicant.caseNumber !== undefined) {
        const req = await findForApplicant(actorOrApplicant.caseNumber, actorOrApplicant.code ?? null, actorOrApplicant.actor);
        if (req.id !== n.requestId || n.kind === 'consultation') throw new NotFound('NOTICE_NOT_FOUND', '该文书不存在。');
      } else await load(actorOrApplicant.actor, n.requestId);
      const sha = format === 'pdf' ? n.pdfSha256 : n.docxSha256;
      if (!sha) throw new NotFound('NOTICE_PDF_MISSING', '该文书没有 PDF 版本（服务器未安装中文字体），请下载 DOCX 版本。');
      return { buffer: await storage.get(sha), fileName: `${n.noticeNumber}-${n.title}.${format}`, mediaType: mediaTypeOf(format) };
    },

    /** An application or released file, for staff of the case or (released files, after the reply) for the applicant. */
    async requestFile(actorOrApplicant: { actor: Actor; caseNumber?: string; code?: string | null }, fileId: string) {
      const f = ID.test(fileId) ? await db.selectFrom('requestFiles').selectAll().where('id', '=', fileId).executeTakeFirst() : undefined;
      if (!f) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      if (actorOrApplicant.caseNumber !== undefined) {
        const req = await findForApplicant(actorOrApplicant.caseNumber, actorOrApplicant.code ?? null, actorOrApplicant.actor);
        if (req.id !== f.requestId || f.role !== 'released' || !['replied', 'archived'].includes(req.status)) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      } else {
        const { org } = await load(actorOrApplicant.actor, f.requestId);
        // The applicant's own attachments may carry personal data.
        if (f.role === 'application' && !canOnRequest(actorOrApplicant.actor, 'personal-data', org.path)) throw new NotFound('FILE_NOT_FOUND', '该文件不存在。');
      }
      return { buffer: await storage.get(f.sha256), fileName: f.fileName, mediaType: f.mediaType };
    },

    /** The daily sweep: abandon expired corrections, remind officers of due-soon cases, escalate overdue ones, purge old personal data. */
    async sweep(): Promise<{ abandoned: number; reminded: number; escalated: number; purged: number }> {
      const system: Actor = { kind: 'system', label: 'requests-sweep' };
      const t = today();
      let abandoned = 0;
      let reminded = 0;
      let escalated = 0;
      // Deadlines left unknown for want of a year's holidays: filled in once the calendar has them.
      const unknown = await db.selectFrom('requests').selectAll().where('status', '=', 'handling').where('dueOn', 'is', null).where('clockPaused', '=', false).execute();
      for (const u of unknown) {
        const org = await orgOf(u.orgId);
        const state = await replay(db, u, org).catch(() => null);
        if (state?.due) await db.updateTable('requests').set({ dueOn: state.delayedUntil ?? state.due }).where('id', '=', u.id).where('dueOn', 'is', null).execute();
      }
      const waiting = await db.selectFrom('requests').select(['id', 'orgId']).where('status', '=', 'correction').execute();
      for (const w of waiting) {
        const org = await orgOf(w.orgId);
        const done = await db.transaction().execute(async (tx) => {
          const locked = await lock(tx, w.id);
          if (locked.status !== 'correction') return false;
          const state = await replay(tx, locked, org).catch(() => null);
          if (state?.status !== 'abandoned') return false;
          await abandonLocked(tx, system, locked, org);
          return true;
        });
        if (done) abandoned++;
      }
      let soon = t;
      try {
        soon = (await calendar.forAgency(null)).addWorkdays(t, settings.dueSoonWorkdays).date;
      } catch (e) {
        // Late in December before next year's arrangement is entered: remind of what is due today, and sweep the rest.
        if (!(e instanceof UnknownCalendarYear)) throw e;
      }
      const open = await db
        .selectFrom('requests as r')
        .innerJoin('organisations as o', 'o.id', 'r.orgId')
        .select(['r.id', 'r.caseNumber', 'r.dueOn', 'r.assigneeId', 'r.orgId', 'o.path', 'o.name as orgName'])
        .where('r.status', '=', 'handling')
        .where('r.clockPaused', '=', false)
        .where('r.dueOn', 'is not', null)
        .where('r.dueOn', '<=', soon)
        .execute();
      for (const r of open) {
        const overdue = r.dueOn! < t;
        const type = overdue ? 'escalated' : 'reminded';
        // One reminder per case and day (the sweep may run more than once).
        const already = await db.selectFrom('requestEvents').select('id').where('requestId', '=', r.id).where('type', '=', type).where('onDate', '=', t).executeTakeFirst();
        if (already) continue;
        await db.transaction().execute(async (tx) => {
          const locked = await lock(tx, r.id);
          const org = await orgOf(locked.orgId);
          const link = `${deps.publicUrl.replace(/\/$/, '')}/staff/requests/${r.id}`;
          if (overdue) {
            const heads = await tx
              .selectFrom('roleGrants as g')
              .innerJoin('organisations as o', 'o.id', 'g.orgId')
              .select('g.userId')
              .distinct()
              .where((eb) => eb.or([eb.and([eb('g.role', '=', 'agency_admin'), eb('g.orgId', '=', r.orgId)]), eb.and([eb('g.role', '=', 'coordinator'), sql<boolean>`${r.path} LIKE o.path || '%'`])]))
              .execute();
            const to = [...new Set([...heads.map((h) => h.userId), ...(r.assigneeId ? [r.assigneeId] : [])])];
            await tellStaff(tx, to, `【逾期督办】政府信息公开申请 ${r.caseNumber} 已超过答复期限`, `${r.orgName}办理的政府信息公开申请 ${r.caseNumber} 答复期限为 ${r.dueOn}，现已逾期。请督促办理：${link}`, `request:${r.id}`);
            await step(tx, system, locked, org, { type: 'escalated', summary: `已超过答复期限（${r.dueOn}），已向机构管理员和政务公开主管部门督办。`, visible: false });
            escalated++;
          } else {
            if (r.assigneeId) await tellStaff(tx, [r.assigneeId], `【到期提醒】政府信息公开申请 ${r.caseNumber} 将于 ${r.dueOn} 到期`, `您经办的申请 ${r.caseNumber} 答复期限为 ${r.dueOn}，请按时答复：${link}`, `request:${r.id}`);
            await step(tx, system, locked, org, { type: 'reminded', summary: `答复期限（${r.dueOn}）临近，已提醒经办人。`, visible: false });
            reminded++;
          }
        });
      }
      const purged = await purgePersonalData();
      return { abandoned, reminded, escalated, purged };
    },

    /** Clears applicants' personal data from cases closed longer ago than the retention period. */
    purgePersonalData,

    /** Information asked for by several applicants: suggested for proactive disclosure (Art. 44). */
    async art44Suggestions(actor: Actor, orgId: string) {
      const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !canOnRequest(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机关不存在。');
      return db
        .selectFrom('requests')
        .select((eb) => ['infoKey', eb.fn.min('title').as('title'), eb.fn.min('docRef').as('docRef'), sql<string>`count(DISTINCT applicant_key)`.as('applicants'), eb.fn.countAll<string>().as('requests'), eb.fn.max('caseNumber').as('lastCase')])
        .where('orgId', '=', org.id)
        .where('outcome', 'in', ['granted', 'partialGrant'])
        .groupBy('infoKey')
        .having(sql`count(DISTINCT applicant_key)`, '>=', settings.art44Threshold)
        .orderBy(sql`count(DISTINCT applicant_key)`, 'desc')
        .limit(100)
        .execute();
    },

    /** Agency-edited notice templates. */
    async templates(actor: Actor, orgId: string) {
      const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !canOnRequest(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机关不存在。');
      return { org, rows: await db.selectFrom('noticeTemplates').selectAll().where('orgId', '=', org.id).execute(), canEdit: canOnRequest(actor, 'templates', org.path) };
    },

    async saveTemplate(actor: Actor, orgId: string, kind: NoticeTemplateKey, tpl: { title: string; body: string } | null, check: (t: { title: string; body: string }) => string | null) {
      const org = ID.test(orgId) ? await orgs.lookup(orgId) : undefined;
      if (!org || !canOnRequest(actor, 'view', org.path)) throw new NotFound('ORG_NOT_FOUND', '该机关不存在。');
      if (!canOnRequest(actor, 'templates', org.path)) throw new Forbidden('TEMPLATE_FORBIDDEN', '只有政府信息公开工作机构负责人或机构管理员可以修改文书模板。');
      if (tpl) {
        const title = tpl.title.trim();
        const body = tpl.body.trim();
        if (title.length < 2 || title.length > 100) throw new ValidationFailed({ title: '标题应为 2–100 个字符。' });
        if (body.length < 10 || body.length > 20000) throw new ValidationFailed({ body: '正文应为 10–20000 个字符。' });
        const problem = check({ title, body });
        if (problem) throw new ValidationFailed({ body: problem });
        tpl = { title, body };
      }
      await db.transaction().execute(async (tx) => {
        if (tpl) {
          await tx
            .insertInto('noticeTemplates')
            .values({ orgId: org.id, kind, title: tpl.title, body: tpl.body, updatedBy: actorId(actor) })
            .onConflict((oc) => oc.columns(['orgId', 'kind']).doUpdateSet({ title: tpl.title, body: tpl.body, updatedBy: actorId(actor), updatedAt: clock.now() }))
            .execute();
        } else await tx.deleteFrom('noticeTemplates').where('orgId', '=', org.id).where('kind', '=', kind).execute();
        await audit.record(tx, actor, tpl ? 'request.template-saved' : 'request.template-reset', { orgId: org.id, subjectType: 'notice_template', subjectId: null, summary: { kind } });
      });
    },
  };

  async function purgePersonalData(): Promise<number> {
    const system: Actor = { kind: 'system', label: 'requests-retention' };
    const cutoffYear = Number(today().slice(0, 4)) - settings.retentionYears;
    const cutoff = `${cutoffYear}${today().slice(4)}`;
    return db.transaction().execute(async (tx) => {
      const rows = await tx
        .updateTable('requests')
        .set({
          idNumber: null,
          phone: null,
          email: null,
          address: null,
          postcode: null,
          legalRep: null,
          contactPerson: null,
          applicantName: '（已按保存期限清除）',
          // The key is a hash of the ID number: kept no longer than the number itself.
          applicantKey: sql<string>`'purged:' || id`,
          personalPurgedAt: clock.now(),
        })
        .where('closedOn', '<', cutoff)
        .where('personalPurgedAt', 'is', null)
        .returning(['id', 'orgId'])
        .execute();
      // The delivery log of the messages sent to those applicants (addresses and texts) goes too.
      if (rows.length > 0) await tx.deleteFrom('outboundMessages').where('related', 'in', rows.map((r) => `request:${r.id}`)).execute();
      if (rows.length > 0) await audit.record(tx, system, 'request.personal-data-purged', { subjectType: 'request', subjectId: null, summary: { count: rows.length, closedBefore: cutoff } });
      return rows.length;
    });
  }

  async function findForApplicant(caseNumber: string, code: string | null, user: Actor): Promise<RequestRow> {
    const number = caseNumber.trim().toUpperCase();
    const req = /^[A-Z0-9-]{6,80}$/.test(number) ? await db.selectFrom('requests').selectAll().where('caseNumber', '=', number).executeTakeFirst() : undefined;
    const owner = req && user.kind === 'user' && user.userKind === 'public' && req.userId === user.id;
    const codeOk = req && code && hashQueryCode(code) === req.queryCodeHash;
    if (!req || !(owner || codeOk)) throw new NotFound('REQUEST_NOT_FOUND', '申请编号或查询码不正确。');
    return req;
  }

  async function abandonLocked(tx: Tx, actor: Actor, locked: RequestRow, org: OrganisationRow) {
    requireState(locked, ['correction'], '该申请不在等待补正状态。');
    const state = await replay(tx, locked, org);
    if (state?.status !== 'abandoned') throw new InvalidState('CORRECTION_NOT_EXPIRED', `补正期限（${state?.correctionUntil ?? ''}）尚未届满，不能视为放弃。`);
    const on = today();
    await closeCase(tx, actor, locked, org, 'abandoned', 'other.overdueCorrection', '申请人无正当理由逾期不补正。', on);
    await step(tx, actor, locked, org, { type: 'abandoned', on, summary: `补正期限（${state.correctionUntil}）届满未补正，视为放弃申请，本机关不再处理。` });
    await tellApplicant(tx, locked, '申请视为放弃', `您未在补正期限（${state.correctionUntil}）内补正申请，依据《政府信息公开条例》第三十条，视为放弃申请，本机关不再处理。`);
  }

  async function withdrawLocked(tx: Tx, actor: Actor, locked: RequestRow, org: OrganisationRow, reason: string) {
    requireState(locked, ['submitted', 'handling', 'correction'], '已答复或已办结的申请不能撤回。');
    const on = today();
    await closeCase(tx, actor, locked, org, 'withdrawn', 'other.otherReasons', `申请人撤回申请：${reason}`, on);
    await step(tx, actor, locked, org, { type: 'withdrawn', on, summary: '申请人撤回申请，办理终止。', note: reason });
    await tellApplicant(tx, locked, '申请已撤回', `您的申请已于 ${on} 撤回，本机关不再处理。`);
  }
}
