import { sql, type Kysely } from 'kysely';

/**
 * The agency case list (`requests.list`, open cases) orders by `due_on ASC NULLS FIRST, id`:
 * unconfirmed, paused and correction cases (no deadline) first, then by deadline. The open-case
 * index of 0008 is `(org_id, due_on, id)`, whose ascending order puts NULLs last, so PostgreSQL
 * could not read it in list order: it fetched every open case of the agency (10,000 heap rows
 * spread over the table) and sorted them for each page — about 200 ms per page at 10,000 open
 * cases (bench/README.md, 依申请公开). With NULLS FIRST the index gives the list order and a page
 * reads only its own rows (and the offset before it). Range conditions of the overdue and
 * due-soon flags use it as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX requests_org_open_idx`.execute(db);
  await sql`CREATE INDEX requests_org_open_idx ON requests (org_id, due_on NULLS FIRST, id) WHERE status IN ('submitted','handling','correction')`.execute(db);
}
