import { sql, type Kysely } from 'kysely';

/** The coordinator's working-day calendar: entered notices, local holidays, years marked complete. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_days (
      id            bigserial PRIMARY KEY,
      day           date NOT NULL,
      is_off_day    boolean NOT NULL,
      name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      scope_org_id  bigint REFERENCES organisations(id),
      note          text,
      created_by    bigint REFERENCES users(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX calendar_days_day_scope_idx ON calendar_days (day, COALESCE(scope_org_id, 0))`.execute(db);
  await sql`
    CREATE TABLE calendar_years (
      year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
      note        text NOT NULL,
      marked_by   bigint REFERENCES users(id),
      marked_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
