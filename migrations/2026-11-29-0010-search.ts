import { sql, type Kysely } from 'kysely';

/**
 * Search (issue 7): what the public may find, tokenised, written in the same transaction as the
 * publication, revision, validity change or withdrawal it reflects. Each change also appends its key
 * to `search_changes` under a transaction-scoped advisory lock, so sequence order is commit order and
 * every process's in-memory index catches up by reading the log before it answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE search_documents (
      key            text PRIMARY KEY,
      kind           text NOT NULL,
      ref_id         bigint NOT NULL,
      org_id         bigint NOT NULL REFERENCES organisations(id),
      title          text NOT NULL,
      doc_number     text,
      doc_number_key text,
      index_number   text,
      topic_id       bigint,
      genre_id       bigint,
      day            integer NOT NULL,
      validity       smallint NOT NULL DEFAULT 0,
      title_tokens   text[] NOT NULL,
      body_tokens    text[] NOT NULL,
      url            text NOT NULL,
      updated_at     timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX search_documents_ref_idx ON search_documents (kind, ref_id)`.execute(db);
  await sql`CREATE INDEX search_documents_index_number_idx ON search_documents (index_number) WHERE index_number IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE search_changes (
      seq  bigserial PRIMARY KEY,
      key  text NOT NULL,
      at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
