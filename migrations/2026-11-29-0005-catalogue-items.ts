import { sql, type Kysely } from 'kysely';

/**
 * 政府信息 items. An item belongs to its lead issuing agency; its content lives in versions (every
 * version kept). The item row carries the public snapshot of the current published version (the
 * columns listings filter and sort on) and points at a pending working version, if any.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalogue_items (
      id                  bigserial PRIMARY KEY,
      org_id              bigint NOT NULL REFERENCES organisations(id),
      public_state        text NOT NULL DEFAULT 'unpublished' CHECK (public_state IN ('unpublished','published','withdrawn')),
      work_state          text CHECK (work_state IN ('draft','submitted','returned')),
      index_number        text UNIQUE,
      current_version_id  bigint,
      work_version_id     bigint,
      validity            text NOT NULL DEFAULT 'in_force' CHECK (validity IN ('in_force','expired','repealed')),
      validity_changed_on date,
      -- Public snapshot of the current published version (null until first publication).
      title               text,
      doc_number          text,
      generated_on        date,
      topic_id            bigint REFERENCES taxonomy_terms(id),
      genre_id            bigint REFERENCES taxonomy_terms(id),
      disclosure          text CHECK (disclosure IN ('proactive','on_request','withheld')),
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
  await sql`
    CREATE TABLE catalogue_versions (
      id               bigserial PRIMARY KEY,
      item_id          bigint NOT NULL REFERENCES catalogue_items(id),
      version_no       integer NOT NULL CHECK (version_no > 0),
      title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      summary          text,
      doc_number       text,
      generated_on     date NOT NULL,
      effective_on     date,
      repealed_on      date,
      topic_id         bigint REFERENCES taxonomy_terms(id),
      genre_id         bigint REFERENCES taxonomy_terms(id),
      keywords         text[] NOT NULL DEFAULT '{}',
      disclosure       text NOT NULL CHECK (disclosure IN ('proactive','on_request','withheld')),
      withheld_ground  text,
      scope            text NOT NULL DEFAULT 'public' CHECK (scope IN ('public','applicant')),
      art20_category   smallint CHECK (art20_category BETWEEN 1 AND 15),
      co_issuer_ids    bigint[] NOT NULL DEFAULT '{}',
      interprets_id    bigint REFERENCES catalogue_items(id),
      body_html        text NOT NULL DEFAULT '',
      body_text        text NOT NULL DEFAULT '',
      attachment_ids   bigint[] NOT NULL DEFAULT '{}',
      created_by       bigint REFERENCES users(id),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      submitted_at     timestamptz,
      reviewed_by      bigint REFERENCES users(id),
      reviewed_at      timestamptz,
      review_note      text,
      published_at     timestamptz,
      UNIQUE (item_id, version_no)
    )`.execute(db);
  // Items and versions refer to each other: these two checks may wait for the commit (restore loads
  // items before their versions; the backup orders tables by the other, immediate keys).
  await sql`ALTER TABLE catalogue_items ADD FOREIGN KEY (current_version_id) REFERENCES catalogue_versions(id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  await sql`ALTER TABLE catalogue_items ADD FOREIGN KEY (work_version_id) REFERENCES catalogue_versions(id) DEFERRABLE INITIALLY IMMEDIATE`.execute(db);
  // Public listings: by agency or city-wide, newest first; filters on topic, genre, year, validity.
  await sql`CREATE INDEX catalogue_items_public_idx ON catalogue_items (first_published_at DESC, id DESC) WHERE public_state = 'published' AND disclosure = 'proactive'`.execute(db);
  await sql`CREATE INDEX catalogue_items_org_public_idx ON catalogue_items (org_id, first_published_at DESC, id DESC) WHERE public_state = 'published' AND disclosure = 'proactive'`.execute(db);
  await sql`CREATE INDEX catalogue_items_topic_idx ON catalogue_items (topic_id, generated_on DESC) WHERE public_state = 'published' AND disclosure = 'proactive'`.execute(db);
  await sql`CREATE INDEX catalogue_items_generated_idx ON catalogue_items (generated_on DESC, id DESC) WHERE public_state = 'published' AND disclosure = 'proactive'`.execute(db);
  await sql`CREATE INDEX catalogue_items_work_version_idx ON catalogue_items (work_version_id) WHERE work_version_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX catalogue_items_genre_idx ON catalogue_items (genre_id, generated_on DESC) WHERE public_state = 'published' AND disclosure = 'proactive'`.execute(db);
  await sql`CREATE INDEX catalogue_items_org_idx ON catalogue_items (org_id, updated_at DESC)`.execute(db);
  await sql`CREATE INDEX catalogue_items_doc_number_idx ON catalogue_items (org_id, doc_number) WHERE doc_number IS NOT NULL`.execute(db);
  await sql`CREATE INDEX catalogue_versions_doc_number_idx ON catalogue_versions (doc_number) WHERE doc_number IS NOT NULL`.execute(db);
  await sql`CREATE INDEX catalogue_versions_item_idx ON catalogue_versions (item_id, version_no DESC)`.execute(db);
  await sql`CREATE INDEX catalogue_versions_interprets_idx ON catalogue_versions (interprets_id) WHERE interprets_id IS NOT NULL`.execute(db);

  // Attachments: the file lives in content-addressed storage (sha256); the row names it for one item.
  await sql`
    CREATE TABLE catalogue_attachments (
      id            bigserial PRIMARY KEY,
      item_id       bigint NOT NULL REFERENCES catalogue_items(id),
      sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      media_type    text NOT NULL,
      size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
      text_content  text,
      created_by    bigint REFERENCES users(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX catalogue_attachments_item_idx ON catalogue_attachments (item_id)`.execute(db);

  // 政府信息公开指南: each agency's guide, every version kept; the newest published one is public.
  await sql`
    CREATE TABLE agency_guides (
      id            bigserial PRIMARY KEY,
      org_id        bigint NOT NULL REFERENCES organisations(id),
      version_no    integer NOT NULL CHECK (version_no > 0),
      sections      jsonb NOT NULL,
      created_by    bigint REFERENCES users(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, version_no)
    )`.execute(db);

  // API tokens for staff writes, scoped to one agency (and its subtree); only a hash is stored.
  await sql`
    CREATE TABLE api_tokens (
      id            bigserial PRIMARY KEY,
      org_id        bigint NOT NULL REFERENCES organisations(id),
      user_id       bigint NOT NULL REFERENCES users(id),
      name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      token_hash    text NOT NULL UNIQUE,
      prefix        text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz,
      last_used_at  timestamptz,
      revoked_at    timestamptz
    )`.execute(db);
}
