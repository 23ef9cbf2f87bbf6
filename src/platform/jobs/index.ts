/**
 * The job queue: work that must happen after a change commits — e-mail and SMS to applicants,
 * reminders, escalations — stored in the `jobs` table by the change's own transaction.
 *
 * - `enqueue(tx, { kind, payload, runAt?, dedupeKey? })` inside the service's transaction: a rollback
 *   drops the job, a commit makes it durable (no message for an undone change, none lost in a crash).
 * - `createJobRunner({ db, clock, handlers?, logger?, pollMs?, concurrency?, retentionDays? })`:
 *   `register(kind, handler)` before `start()`; `stop()` before the database closes; `runDue()` runs
 *   what is due once (tests, CLI). The container holds one runner as `container.jobs.runner`; the web
 *   entrypoint registers the mail handlers and starts it.
 * - Handlers get `(payload: unknown, ctx)`, validate the payload themselves and must be idempotent:
 *   delivery is at least once (a crash after the work but before "done" runs the job again).
 *   A thrown error retries after 30 s · 2^(attempt−1), capped at 1 h; after `maxAttempts` (8) the
 *   job is marked failed; a `PermanentJobError` fails it at once. Logs carry the job id, kind and `payload.related` only.
 * - Finished jobs are purged after `retentionDays` (30) because payloads hold contact data.
 */
export { backoffMs, createJobRunner, enqueue, LEASE_MS, PermanentJobError, purgeJobs, redactContacts } from './queue.js';
export type { JobContext, JobHandler, JobLogger, JobRunner, NewJob } from './queue.js';
