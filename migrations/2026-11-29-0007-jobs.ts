import { sql, type Kysely } from 'kysely';

/**
 * The job queue (work enqueued inside the transaction that causes it, run after commit by the job
 * runner) and the delivery log of outbound e-mail and SMS shown to staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id            bigserial PRIMARY KEY,
      kind          text NOT NULL,
      payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
      run_at        timestamptz NOT NULL DEFAULT now(),
      attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      max_attempts  integer NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
      locked_until  timestamptz,
      last_error    text,
      done_at       timestamptz,
      failed_at     timestamptz,
      dedupe_key    text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      CHECK (done_at IS NULL OR failed_at IS NULL)
    )`.execute(db);
  // What the runner scans: undone jobs by due time.
  await sql`CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db);
  // At most one pending job per dedupe key (enqueue uses ON CONFLICT DO NOTHING on this index).
  await sql`CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs (dedupe_key) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db);
  // What the retention purge deletes: finished jobs by age.
  await sql`CREATE INDEX jobs_finished_idx ON jobs (COALESCE(done_at, failed_at)) WHERE done_at IS NOT NULL OR failed_at IS NOT NULL`.execute(db);

  // job_id has no foreign key: finished jobs are purged, their delivery records stay.
  await sql`
    CREATE TABLE outbound_messages (
      id         bigserial PRIMARY KEY,
      channel    text NOT NULL CHECK (channel IN ('email','sms')),
      recipient  text NOT NULL,
      subject    text,
      body       text NOT NULL,
      status     text NOT NULL CHECK (status IN ('sent','failed')),
      error      text,
      job_id     bigint,
      related    text,
      sent_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX outbound_messages_sent_idx ON outbound_messages (sent_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX outbound_messages_related_idx ON outbound_messages (related, sent_at) WHERE related IS NOT NULL`.execute(db);
  await sql`CREATE INDEX outbound_messages_job_idx ON outbound_messages (job_id) WHERE job_id IS NOT NULL`.execute(db);
}
