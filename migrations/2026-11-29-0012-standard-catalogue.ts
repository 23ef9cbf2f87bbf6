import { sql, type Kysely } from 'kysely';

/**
 * 基层政务公开标准目录 (国办发〔2019〕54号): each agency's standard catalogue of disclosure items
 * with the nine national columns, and the 政府信息 items that fulfil each entry (for the
 * timeliness monitor). Areas, channels and levels are codes whose labels live in
 * `src/modules/standards/vocabulary.ts` (editable defaults), so only their form is checked here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE standard_entries (
      id             bigserial PRIMARY KEY,
      org_id         bigint NOT NULL REFERENCES organisations(id),
      area           text NOT NULL CHECK (area ~ '^[a-z0-9-]{1,40}$'),
      level1         text NOT NULL CHECK (length(level1) BETWEEN 1 AND 60),
      level2         text NOT NULL CHECK (length(level2) BETWEEN 1 AND 100),
      content        text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
      basis          text NOT NULL CHECK (length(basis) BETWEEN 1 AND 2000),
      time_limit     text NOT NULL CHECK (length(time_limit) BETWEEN 1 AND 200),
      limit_kind     text NOT NULL CHECK (limit_kind IN ('workdays','periodic','none')),
      limit_value    integer CHECK (limit_value BETWEEN 1 AND 366),
      subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 100),
      channels       text[] NOT NULL CHECK (cardinality(channels) >= 1),
      audience       text NOT NULL CHECK (audience IN ('all','specific')),
      audience_note  text CHECK (length(audience_note) <= 200),
      method         text NOT NULL CHECK (method IN ('proactive','on_request')),
      levels         text[] NOT NULL CHECK (cardinality(levels) >= 1),
      sort_order     integer NOT NULL DEFAULT 0,
      created_by     bigint REFERENCES users(id),
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      CHECK ((limit_kind = 'none') = (limit_value IS NULL)),
      UNIQUE (org_id, level1, level2)
    )`.execute(db);
  await sql`CREATE INDEX standard_entries_org_idx ON standard_entries (org_id, sort_order, id)`.execute(db);
  await sql`
    CREATE TABLE standard_entry_items (
      entry_id    bigint NOT NULL REFERENCES standard_entries(id) ON DELETE CASCADE,
      item_id     bigint NOT NULL REFERENCES catalogue_items(id),
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (entry_id, item_id)
    )`.execute(db);
  await sql`CREATE INDEX standard_entry_items_item_idx ON standard_entry_items (item_id)`.execute(db);
}
