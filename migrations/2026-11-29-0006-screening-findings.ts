import { sql, type Kysely } from 'kysely';

/**
 * 保密审查 findings of an item's working version (body and attachments' text), with the reviewer's
 * resolution. A high-severity finding that is still open blocks publication.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE screening_findings (
      id             bigserial PRIMARY KEY,
      item_id        bigint NOT NULL REFERENCES catalogue_items(id),
      version_id     bigint NOT NULL REFERENCES catalogue_versions(id),
      attachment_id  bigint REFERENCES catalogue_attachments(id),
      type           text NOT NULL,
      severity       text NOT NULL CHECK (severity IN ('high','medium','low')),
      start_at       integer NOT NULL CHECK (start_at >= 0),
      end_at         integer NOT NULL CHECK (end_at > start_at),
      masked         text NOT NULL,
      context        text NOT NULL,
      value_hash     text NOT NULL,
      status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open','masked','dismissed','kept')),
      note           text,
      resolved_by    bigint REFERENCES users(id),
      resolved_at    timestamptz,
      created_at     timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'open') = (resolved_at IS NULL))
    )`.execute(db);
  // When masks are applied at release, the version's text and attachments before them stay here, for staff only.
  await sql`ALTER TABLE catalogue_versions ADD COLUMN unredacted_body_html text, ADD COLUMN unredacted_body_text text, ADD COLUMN unredacted_attachment_ids bigint[]`.execute(db);
  await sql`CREATE INDEX screening_findings_version_idx ON screening_findings (version_id, status)`.execute(db);

  // Sensitive words kept by the coordinator: city-wide (org_id null) or for an agency and its subtree.
  await sql`
    CREATE TABLE sensitive_words (
      id          bigserial PRIMARY KEY,
      org_id      bigint REFERENCES organisations(id),
      word        text NOT NULL CHECK (length(word) BETWEEN 2 AND 40),
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX sensitive_words_unique_idx ON sensitive_words (COALESCE(org_id, 0), word)`.execute(db);

  // Inventory scans of the published catalogue (清理): a report, filled in as the scan proceeds.
  await sql`
    CREATE TABLE screening_reports (
      id             bigserial PRIMARY KEY,
      started_at     timestamptz NOT NULL DEFAULT now(),
      finished_at    timestamptz,
      items_total    integer NOT NULL DEFAULT 0,
      items_scanned  integer NOT NULL DEFAULT 0,
      findings       integer NOT NULL DEFAULT 0,
      started_by     text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE screening_report_rows (
      id             bigserial PRIMARY KEY,
      report_id      bigint NOT NULL REFERENCES screening_reports(id),
      item_id        bigint NOT NULL REFERENCES catalogue_items(id),
      org_id         bigint NOT NULL REFERENCES organisations(id),
      attachment_id  bigint REFERENCES catalogue_attachments(id),
      type           text NOT NULL,
      severity       text NOT NULL,
      masked         text NOT NULL,
      context        text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX screening_report_rows_report_idx ON screening_report_rows (report_id, org_id)`.execute(db);
}
