import { sql, type Kysely } from 'kysely';

/**
 * 依申请公开: requests, their dated events (the clock is replayed from them), consultations,
 * formal notices, files, remedies (复议/诉讼) and per-agency notice templates. The applicant's
 * personal data lives only in `requests` (purged after the retention period) and is read only
 * through the requests service, which scopes it to the handling agency's disclosure staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The head of the disclosure office approves extensions (Art. 33).
  await sql`ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check`.execute(db);
  await sql`ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
    CHECK (role IN ('editor','reviewer','disclosure_officer','office_head','agency_admin','coordinator','supervisor','operator'))`.execute(db);

  await sql`
    CREATE TABLE requests (
      id               bigserial PRIMARY KEY,
      org_id           bigint NOT NULL REFERENCES organisations(id),
      case_number      text NOT NULL UNIQUE,
      case_year        integer NOT NULL,
      query_code_hash  text NOT NULL,
      idempotency_key  text UNIQUE,
      channel          text NOT NULL CHECK (channel IN ('online','in_person','post_signed','post_ordinary','fax','oral')),
      status           text NOT NULL CHECK (status IN ('submitted','handling','correction','replied','archived','withdrawn','abandoned')),
      applicant_kind   text NOT NULL CHECK (applicant_kind IN ('naturalPerson','commercial','research','social','legal','other')),
      applicant_name   text NOT NULL,
      id_type          text,
      id_number        text,
      legal_rep        text,
      contact_person   text,
      phone            text,
      email            text,
      address          text,
      postcode         text,
      applicant_key    text NOT NULL,
      user_id          bigint REFERENCES users(id),
      title            text NOT NULL,
      description      text NOT NULL,
      doc_ref          text,
      info_key         text NOT NULL,
      provision_form   text NOT NULL CHECK (provision_form IN ('paper','electronic','inspect')),
      obtain_method    text NOT NULL CHECK (obtain_method IN ('post','email','fax','collect','online')),
      needs_assistance text,
      submitted_at     timestamptz NOT NULL,
      received_on      date,
      assignee_id      bigint REFERENCES users(id),
      due_on           date,
      clock_paused     boolean NOT NULL DEFAULT false,
      extension_days   integer NOT NULL DEFAULT 0,
      outcome          text,
      outcome_reasons  text,
      replied_on       date,
      delivered_on     date,
      delivery_method  text,
      closed_on        date,
      repeat_of_id     bigint REFERENCES requests(id),
      fee_method       text CHECK (fee_method IN ('per-application','per-volume')),
      fee_amount       integer,
      personal_purged_at timestamptz,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK ((status IN ('replied','archived','withdrawn','abandoned')) = (outcome IS NOT NULL)),
      CHECK ((outcome IS NULL) = (closed_on IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX requests_org_open_idx ON requests (org_id, due_on, id) WHERE status IN ('submitted','handling','correction')`.execute(db);
  await sql`CREATE INDEX requests_org_all_idx ON requests (org_id, id DESC)`.execute(db);
  await sql`CREATE INDEX requests_assignee_idx ON requests (assignee_id, due_on) WHERE status IN ('submitted','handling','correction')`.execute(db);
  await sql`CREATE INDEX requests_applicant_idx ON requests (applicant_key, submitted_at)`.execute(db);
  await sql`CREATE INDEX requests_info_idx ON requests (org_id, info_key)`.execute(db);
  await sql`CREATE INDEX requests_user_idx ON requests (user_id, id DESC) WHERE user_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX requests_figures_idx ON requests (org_id, received_on)`.execute(db);

  // Case numbers and notice 文号 per agency and year, allocated gap-free inside the transaction.
  await sql`
    CREATE TABLE request_counters (
      org_id   bigint NOT NULL REFERENCES organisations(id),
      year     integer NOT NULL,
      kind     text NOT NULL CHECK (kind IN ('case','notice')),
      next     integer NOT NULL,
      PRIMARY KEY (org_id, year, kind)
    )`.execute(db);

  // Everything that happened, in order. `clock` holds the statutory-clock event when the step moves it;
  // `visible` marks what the applicant sees on the tracking page (internal notes stay staff-only).
  await sql`
    CREATE TABLE request_events (
      id          bigserial PRIMARY KEY,
      request_id  bigint NOT NULL REFERENCES requests(id),
      type        text NOT NULL,
      on_date     date NOT NULL,
      at          timestamptz NOT NULL DEFAULT now(),
      actor_id    bigint REFERENCES users(id),
      actor_label text NOT NULL,
      summary     text NOT NULL,
      note        text,
      clock       jsonb,
      visible     boolean NOT NULL DEFAULT true,
      notice_id   bigint
    )`.execute(db);
  await sql`CREATE INDEX request_events_request_idx ON request_events (request_id, id)`.execute(db);

  await sql`
    CREATE TABLE request_consultations (
      id            bigserial PRIMARY KEY,
      request_id    bigint NOT NULL REFERENCES requests(id),
      kind          text NOT NULL CHECK (kind IN ('third-party','inter-agency')),
      party         text NOT NULL,
      sent_on       date NOT NULL,
      response_due  date,
      answered_on   date,
      answer        text CHECK (answer IN ('consent','objection','no-reply')),
      answer_note   text
    )`.execute(db);
  await sql`CREATE INDEX request_consultations_request_idx ON request_consultations (request_id)`.execute(db);

  await sql`
    CREATE TABLE request_notices (
      id             bigserial PRIMARY KEY,
      request_id     bigint NOT NULL REFERENCES requests(id),
      kind           text NOT NULL,
      notice_number  text NOT NULL UNIQUE,
      title          text NOT NULL,
      issued_on      date NOT NULL,
      docx_sha256    text NOT NULL,
      pdf_sha256     text,
      body_text      text NOT NULL,
      created_by     bigint REFERENCES users(id),
      created_at     timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX request_notices_request_idx ON request_notices (request_id, id)`.execute(db);

  // Files: the applicant's attachments, and documents released with the reply.
  await sql`
    CREATE TABLE request_files (
      id           bigserial PRIMARY KEY,
      request_id   bigint NOT NULL REFERENCES requests(id),
      role         text NOT NULL CHECK (role IN ('application','released')),
      sha256       text NOT NULL,
      file_name    text NOT NULL,
      media_type   text NOT NULL,
      size_bytes   bigint NOT NULL,
      created_by   bigint REFERENCES users(id),
      created_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX request_files_request_idx ON request_files (request_id, id)`.execute(db);

  // 行政复议 and 行政诉讼 about a request (annual-report table 4).
  await sql`
    CREATE TABLE request_remedies (
      id          bigserial PRIMARY KEY,
      request_id  bigint NOT NULL REFERENCES requests(id),
      kind        text NOT NULL CHECK (kind IN ('reconsideration','litigationDirect','litigationAfterReconsideration')),
      filed_on    date NOT NULL,
      body        text NOT NULL,
      result      text NOT NULL DEFAULT 'pending' CHECK (result IN ('upheld','corrected','other','pending')),
      decided_on  date,
      note        text,
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      CHECK ((result = 'pending') = (decided_on IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX request_remedies_request_idx ON request_remedies (request_id)`.execute(db);

  // Agency-edited notice templates (the defaults live in code).
  await sql`
    CREATE TABLE notice_templates (
      org_id      bigint NOT NULL REFERENCES organisations(id),
      kind        text NOT NULL,
      title       text NOT NULL,
      body        text NOT NULL,
      updated_by  bigint REFERENCES users(id),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, kind)
    )`.execute(db);
}
