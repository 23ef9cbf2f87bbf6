import { sql, type Kysely } from 'kysely';
import defaults from '../src/modules/catalogue/taxonomy-defaults.json' with { type: 'json' };

/** 主题分类 (two levels, the gov.cn tree by default) and 体裁/文种, kept by the coordinator. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE taxonomy_terms (
      id          bigserial PRIMARY KEY,
      scheme      text NOT NULL CHECK (scheme IN ('topic','genre')),
      parent_id   bigint REFERENCES taxonomy_terms(id),
      code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9]{1,12}$'),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
      sort_order  integer NOT NULL DEFAULT 0,
      is_active   boolean NOT NULL DEFAULT true,
      UNIQUE (scheme, code)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX taxonomy_terms_name_idx ON taxonomy_terms (scheme, COALESCE(parent_id, 0), name)`.execute(db);
  // Default terms are part of the schema's initial state (like reference data), not user changes.
  for (const [i, top] of defaults.topics.entries()) {
    const { rows } = await sql<{ id: string }>`INSERT INTO taxonomy_terms (scheme, code, name, sort_order) VALUES ('topic', ${top.code}, ${top.name}, ${i}) RETURNING id`.execute(db);
    for (const [j, child] of top.children.entries()) {
      await sql`INSERT INTO taxonomy_terms (scheme, parent_id, code, name, sort_order) VALUES ('topic', ${rows[0]!.id}, ${child.code}, ${child.name}, ${j})`.execute(db);
    }
  }
  for (const [i, g] of defaults.genres.entries()) {
    await sql`INSERT INTO taxonomy_terms (scheme, code, name, sort_order) VALUES ('genre', ${g.code}, ${g.name}, ${i})`.execute(db);
  }
}
