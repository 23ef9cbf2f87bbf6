import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { DB } from '../db/schema.js';

/** Either the database or a transaction. Enqueue with the transaction of the change that causes the job. */
type Executor = Kysely<DB> | Transaction<DB>;

/** A job to enqueue. `payload` must be JSON; `dedupeKey` keeps at most one pending job per key. */
export interface NewJob {
  kind: string;
  payload: unknown;
  /** When the job becomes due; default: now (the database's clock). */
  runAt?: Date;
  /** While a job with this key is pending (not done, not failed), enqueuing another is a no-op. */
  dedupeKey?: string;
  /** Attempts before the job is marked failed; default 8. */
  maxAttempts?: number;
}

/** What a handler learns about the job it runs. */
export interface JobContext {
  jobId: string;
  kind: string;
  /** 1 for the first run; counts runs that crashed as well. */
  attempt: number;
  maxAttempts: number;
  /** True when a failure now marks the job failed for good. */
  finalAttempt: boolean;
}

/**
 * Runs one job. Handlers must be idempotent: a job runs at least once, and runs again when the
 * process dies before it is marked done, or when it outlives its 5-minute lease. Throw to retry.
 */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** The logger the runner writes to (pino-compatible). Only ids, kinds and `related` are logged. */
export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A job runner: polls for due jobs and runs them with their registered handlers. */
export interface JobRunner {
  /** Adds (or replaces) the handler of a kind; call before `start()`. */
  register(kind: string, handler: JobHandler): void;
  /** Starts polling every `pollMs`; `logger` overrides the one given at construction. */
  start(opts?: { logger?: JobLogger }): void;
  /** Stops polling and waits for the jobs in progress to finish. */
  stop(): Promise<void>;
  /** Runs every job due now (including retries that fall due meanwhile), once; returns how many ran. */
  runDue(): Promise<number>;
}

/** Thrown by a handler when retrying cannot help (a malformed payload): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** How long a claimed job is reserved; a worker that crashed lets it be taken again afterwards. */
export const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** Delay before retrying after the `attempt`-th run failed: 30 s, 60 s, 2 min, … capped at 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Enqueues a job. Pass the transaction of the change that causes it: a rollback drops the job, a
 * commit makes it durable, so nothing is sent for an undone change and nothing is lost in a crash.
 */
export async function enqueue(db: Executor, job: NewJob): Promise<void> {
  // Due "now" at millisecond precision: the runner compares with its clock's milliseconds, and a
  // job stamped with PostgreSQL's microseconds could otherwise wait for the next poll.
  const payload = JSON.stringify(job.payload ?? null);
  const runAt = job.runAt ?? null;
  const maxAttempts = job.maxAttempts ?? 8;
  if (job.dedupeKey === undefined) {
    await sql`INSERT INTO jobs (kind, payload, run_at, max_attempts) VALUES (${job.kind}, ${payload}::jsonb, COALESCE(${runAt}::timestamptz, date_trunc('milliseconds', now())), ${maxAttempts})`.execute(db);
    return;
  }
  await sql`
    INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key)
    VALUES (${job.kind}, ${payload}::jsonb, COALESCE(${runAt}::timestamptz, date_trunc('milliseconds', now())), ${maxAttempts}, ${job.dedupeKey})
    ON CONFLICT (dedupe_key) WHERE done_at IS NULL AND failed_at IS NULL DO NOTHING`.execute(db);
}

/**
 * Deletes jobs finished (done or failed) more than `olderThanDays` days ago: their payloads may hold
 * applicants' contact data and must not be kept. The delivery log (outbound_messages) is not touched.
 */
export async function purgeJobs(db: Executor, olderThanDays: number): Promise<number> {
  const res = await sql`
    DELETE FROM jobs
    WHERE (done_at IS NOT NULL OR failed_at IS NOT NULL)
      AND COALESCE(done_at, failed_at) < now() - make_interval(days => ${olderThanDays})`.execute(db);
  return Number(res.numAffectedRows ?? 0n);
}

interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/** Phone numbers and e-mail addresses are removed from error texts before they are logged. */
export function redactContacts(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]').replace(/\+?\d[\d -]{6,}\d/g, '[number]');
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}

/** A `related` tag such as `request:123` is logged; any other payload field is not. */
function relatedOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('related' in payload)) return undefined;
  const related = payload.related;
  return typeof related === 'string' && /^[\w.-]{1,40}:[\w.-]{1,80}$/.test(related) ? related : undefined;
}

/**
 * Creates a job runner over the `jobs` table. It claims due jobs with `FOR UPDATE SKIP LOCKED`
 * (so runners in several processes never take the same job) and a 5-minute lease, runs the handler
 * outside any transaction, then marks the job done — or reschedules it with exponential backoff,
 * and marks it failed after `maxAttempts`. A kind without a handler fails at once.
 */
export function createJobRunner(opts: {
  db: Kysely<DB>;
  clock: Clock;
  handlers?: Record<string, JobHandler>;
  logger?: JobLogger;
  /** Polling interval; default 2000 ms. */
  pollMs?: number;
  /** Jobs run at the same time by this runner; default 4. */
  concurrency?: number;
  /** Finished jobs older than this are purged about every hour while running; default 30 days, 0 = never. */
  retentionDays?: number;
}): JobRunner {
  const { db, clock } = opts;
  const handlers = new Map(Object.entries(opts.handlers ?? {}));
  const pollMs = opts.pollMs ?? 2000;
  const concurrency = opts.concurrency ?? 4;
  const retentionDays = opts.retentionDays ?? 30;
  let logger = opts.logger;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let lastPurge = 0;

  const claim = async (): Promise<ClaimedJob[]> => {
    const now = clock.now();
    const lease = new Date(now.getTime() + LEASE_MS);
    // Attempts count at claim time, so that a job that kills its worker still runs out of attempts.
    const res = await sql<ClaimedJob>`
      UPDATE jobs SET locked_until = ${lease}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM jobs
        WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ${now}
          AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY run_at, id
        LIMIT ${concurrency}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts, max_attempts`.execute(db);
    return res.rows;
  };

  const fail = async (job: ClaimedJob, err: unknown, final: boolean): Promise<void> => {
    const message = errorText(err);
    const log = { jobId: job.id, kind: job.kind, related: relatedOf(job.payload), attempt: job.attempts, err: redactContacts(message) };
    if (final) {
      await sql`UPDATE jobs SET failed_at = ${clock.now()}, locked_until = NULL, last_error = ${message} WHERE id = ${job.id}`.execute(db);
      logger?.error(log, 'job failed for good');
      return;
    }
    const retryAt = new Date(clock.now().getTime() + backoffMs(job.attempts));
    await sql`UPDATE jobs SET run_at = ${retryAt}, locked_until = NULL, last_error = ${message} WHERE id = ${job.id}`.execute(db);
    logger?.warn({ ...log, retryAt }, 'job failed; will retry');
  };

  const runOne = async (job: ClaimedJob): Promise<void> => {
    const handler = handlers.get(job.kind);
    if (!handler) {
      await fail(job, new Error(`no handler is registered for job kind "${job.kind}"`), true);
      return;
    }
    const finalAttempt = job.attempts >= job.maxAttempts;
    try {
      await handler(job.payload, { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts, finalAttempt });
    } catch (err) {
      await fail(job, err, finalAttempt || err instanceof PermanentJobError);
      return;
    }
    await sql`UPDATE jobs SET done_at = ${clock.now()}, locked_until = NULL, last_error = NULL WHERE id = ${job.id}`.execute(db);
    logger?.info({ jobId: job.id, kind: job.kind, related: relatedOf(job.payload) }, 'job done');
  };

  const drain = async (more: () => boolean): Promise<number> => {
    let count = 0;
    while (more()) {
      const batch = await claim();
      if (batch.length === 0) return count;
      await Promise.all(batch.map((job) => runOne(job).catch((err: unknown) => logger?.error({ jobId: job.id, kind: job.kind, err: redactContacts(errorText(err)) }, 'job bookkeeping failed'))));
      count += batch.length;
    }
    return count;
  };
  const runDue = () => drain(() => true);

  const tick = async (): Promise<void> => {
    try {
      // A stop() during a poll waits for the batch in hand, not for the whole backlog.
      await drain(() => !stopped);
      if (retentionDays > 0 && Date.now() - lastPurge > 3_600_000) {
        lastPurge = Date.now();
        const purged = await purgeJobs(db, retentionDays);
        if (purged > 0) logger?.info({ purged }, 'finished jobs purged');
      }
    } catch (err) {
      logger?.error({ err: redactContacts(errorText(err)) }, 'job runner poll failed');
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, pollMs);
  };

  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    start(startOpts) {
      if (startOpts?.logger) logger = startOpts.logger;
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    runDue,
  };
}
