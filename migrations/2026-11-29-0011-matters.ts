import { sql, type Kysely } from 'kysely';

/**
 * 事项 (issue 6): administrative powers (权责清单) and service guides (办事指南). Like catalogue
 * items, a matter's content lives in versions (every version kept, JSON content checked by the
 * application's schema) with an optional flowchart; the matter row carries the public snapshot of
 * the current published version (what listings filter on) and points at a pending working version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE power_categories (
      code       text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{1,8}$'),
      name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 20),
      sort       integer NOT NULL DEFAULT 0,
      is_active  boolean NOT NULL DEFAULT true
    )`.execute(db);
  await sql`
    INSERT INTO power_categories (code, name, sort) VALUES
      ('XK','行政许可',10),('CF','行政处罚',20),('QZ','行政强制',30),('ZS','行政征收',40),('JF','行政给付',50),
      ('JC','行政检查',60),('QR','行政确认',70),('JL','行政奖励',80),('CJ','行政裁决',90),('QT','其他行政权力',100)`.execute(db);
  await sql`
    CREATE TABLE matters (
      id                  bigserial PRIMARY KEY,
      type                text NOT NULL CHECK (type IN ('power','service')),
      org_id              bigint NOT NULL REFERENCES organisations(id),
      code                text NOT NULL,
      public_state        text NOT NULL DEFAULT 'unpublished' CHECK (public_state IN ('unpublished','published','withdrawn')),
      work_state          text CHECK (work_state IN ('draft','submitted','returned')),
      current_version_id  bigint,
      work_version_id     bigint,
      -- Public snapshot of the current published version.
      name                text,
      category            text,
      status              text CHECK (status IN ('in_force','under_revision','abolished')),
      has_flowchart       boolean NOT NULL DEFAULT false,
      power_id            bigint,
      first_published_at  timestamptz,
      updated_public_at   timestamptz,
      withdrawn_at        timestamptz,
      withdrawn_reason    text,
      created_by          bigint REFERENCES users(id),
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      CHECK ((public_state = 'unpublished') = (current_version_id IS NULL)),
      CHECK ((work_state IS NULL) = (work_version_id IS NULL))
    )`.execute(db);
  // One code per agency and type (withdrawn matters free their code).
  await sql`CREATE UNIQUE INDEX matters_code_idx ON matters (org_id, type, code) WHERE public_state <> 'withdrawn'`.execute(db);
  await sql`CREATE INDEX matters_public_idx ON matters (type, org_id, category, code) WHERE public_state = 'published'`.execute(db);
  await sql`
    CREATE TABLE matter_versions (
      id            bigserial PRIMARY KEY,
      matter_id     bigint NOT NULL REFERENCES matters(id),
      version_no    integer NOT NULL CHECK (version_no > 0),
      content       jsonb NOT NULL,
      flowchart     jsonb,
      created_by    bigint REFERENCES users(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      submitted_at  timestamptz,
      reviewed_by   bigint REFERENCES users(id),
      reviewed_at   timestamptz,
      review_note   text,
      published_at  timestamptz,
      UNIQUE (matter_id, version_no)
    )`.execute(db);
  await sql`ALTER TABLE matters ADD FOREIGN KEY (current_version_id) REFERENCES matter_versions(id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  await sql`ALTER TABLE matters ADD FOREIGN KEY (work_version_id) REFERENCES matter_versions(id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  // Deferrable like the version keys: a guide may refer to a power restored after it.
  await sql`ALTER TABLE matters ADD FOREIGN KEY (power_id) REFERENCES matters(id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  await sql`CREATE INDEX matters_work_idx ON matters (org_id, type, updated_at DESC) WHERE work_version_id IS NOT NULL`.execute(db);
  // Blank forms (空白表格) and samples of service guides.
  await sql`
    CREATE TABLE matter_files (
      id          bigserial PRIMARY KEY,
      matter_id   bigint NOT NULL REFERENCES matters(id),
      file_name   text NOT NULL,
      media_type  text NOT NULL,
      sha256      text NOT NULL,
      size        integer NOT NULL,
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX matter_files_matter_idx ON matter_files (matter_id)`.execute(db);
}
