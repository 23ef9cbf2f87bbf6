import { sql, type Kysely } from 'kysely';

/** 索引号: each agency's template and its serial counters (one row per agency and period). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalogue_settings (
      org_id          bigint PRIMARY KEY REFERENCES organisations(id),
      index_template  text NOT NULL CHECK (length(index_template) BETWEEN 1 AND 80),
      updated_at      timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE index_number_counters (
      org_id       bigint NOT NULL REFERENCES organisations(id),
      period       text NOT NULL CHECK (period ~ '^(all|\\d{4}|\\d{4}-\\d{2})$'),
      last_serial  integer NOT NULL CHECK (last_serial > 0),
      PRIMARY KEY (org_id, period)
    )`.execute(db);
}
