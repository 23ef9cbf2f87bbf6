import { sql, type Kysely } from 'kysely';

/** Organisations, accounts, roles, sessions and the hash-chained audit trail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id            bigserial PRIMARY KEY,
      parent_id     bigint REFERENCES organisations(id),
      path          text NOT NULL,
      depth         integer NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('city','district','county','department','township','subdistrict','institution')),
      sector        text CHECK (sector IN ('water','power','gas','heating','transport','health','education','environment','telecom','other')),
      slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name          text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
      short_name    text,
      name_en       text,
      credit_code   text UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      office_name   text,
      address       text,
      postcode      text CHECK (postcode ~ '^[0-9]{6}$'),
      office_hours  text,
      phone         text,
      fax           text,
      email         text,
      website       text,
      sort_order    integer NOT NULL DEFAULT 0,
      is_active     boolean NOT NULL DEFAULT true,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX organisations_path_idx ON organisations (path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX organisations_parent_idx ON organisations (parent_id, sort_order)`.execute(db);

  await sql`
    CREATE TABLE users (
      id                  bigserial PRIMARY KEY,
      kind                text NOT NULL CHECK (kind IN ('staff','public')),
      username            text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9._@-]{3,64}$'),
      display_name        text NOT NULL,
      email               text,
      phone               text,
      home_org_id         bigint REFERENCES organisations(id),
      password_hash       text NOT NULL,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      failed_logins       integer NOT NULL DEFAULT 0,
      locked_until        timestamptz,
      totp_secret         text,
      totp_enabled_at     timestamptz,
      totp_last_step      bigint,
      is_active           boolean NOT NULL DEFAULT true,
      last_login_at       timestamptz,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'public' OR home_org_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX users_home_org_idx ON users (home_org_id)`.execute(db);

  await sql`
    CREATE TABLE role_grants (
      id          bigserial PRIMARY KEY,
      user_id     bigint NOT NULL REFERENCES users(id),
      org_id      bigint NOT NULL REFERENCES organisations(id),
      role        text NOT NULL CHECK (role IN ('editor','reviewer','disclosure_officer','agency_admin','coordinator','supervisor','operator')),
      granted_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, org_id, role)
    )`.execute(db);
  await sql`CREATE INDEX role_grants_org_idx ON role_grants (org_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id            text PRIMARY KEY,
      user_id       bigint NOT NULL REFERENCES users(id),
      mfa_passed    boolean NOT NULL DEFAULT false,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL,
      ip            text,
      user_agent    text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE audit_entries (
      seq           bigint PRIMARY KEY,
      occurred_at   timestamptz NOT NULL,
      actor_id      bigint,
      actor_label   text NOT NULL,
      org_id        bigint,
      action        text NOT NULL,
      subject_type  text NOT NULL,
      subject_id    text,
      summary       jsonb NOT NULL DEFAULT '{}'::jsonb,
      ip            text,
      request_id    text,
      prev_hash     text NOT NULL,
      hash          text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_entries_org_idx ON audit_entries (org_id, seq DESC)`.execute(db);
  await sql`CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, seq DESC)`.execute(db);
  await sql`CREATE INDEX audit_entries_action_idx ON audit_entries (action, seq DESC)`.execute(db);
  await sql`CREATE INDEX audit_entries_time_idx ON audit_entries (occurred_at)`.execute(db);

  // The chain's head: lets `audit verify` notice removal of the newest entries too.
  await sql`
    CREATE TABLE audit_head (
      id    integer PRIMARY KEY CHECK (id = 1),
      seq   bigint NOT NULL,
      hash  text NOT NULL
    )`.execute(db);

  // Append-only: no role may change or remove an entry through ordinary SQL.
  await sql`
    CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM PUBLIC`.execute(db);
  // The app's own role (the table owner) gives up these privileges too; a superuser ignores them,
  // but the trigger above still applies.
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM CURRENT_USER`.execute(db);

  await sql`
    CREATE TABLE app_settings (
      key    text PRIMARY KEY,
      value  jsonb NOT NULL
    )`.execute(db);
}
