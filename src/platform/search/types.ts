/**
 * Contracts of the search platform (issue 7). `text.ts` turns text and queries into tokens (jieba
 * with the government dictionary, Traditional→Simplified, width and case folding, 文号 keys);
 * `engine.ts` keeps an in-memory inverted index of tokenised documents and answers ranked queries.
 * PostgreSQL stays the system of record: the engine is a cache rebuilt and caught up from it.
 */

/** Tokens for indexing and querying (the same analysis on both sides). */
export interface Analyzer {
  /** Normalised tokens of a text, in order (punctuation and whitespace dropped). */
  tokens(text: string): string[];
}

/** A user's query, parsed. */
export interface ParsedQuery {
  /** Tokens of the unquoted words, in order (each must match unless the engine relaxes it). */
  terms: string[];
  /** Quoted phrases, as token sequences (each must match as adjacent tokens). */
  phrases: string[][];
  /** Tokens of `-word` exclusions. */
  excluded: string[];
  /** The canonical 文号 key when the query is (or contains) a document number. */
  docNumberKey: string | null;
  /** The 索引号 when the query is one (exact lookup). */
  indexNumber: string | null;
  /** The normalised query text (for suggestions and highlighting). */
  normalized: string;
}

/** Validity of a document for ranking (in force above expired above repealed). */
export const VALIDITY_CODES = { in_force: 0, expired: 1, repealed: 2 } as const;
export type ValidityCode = (typeof VALIDITY_CODES)[keyof typeof VALIDITY_CODES];

/** One searchable document, already tokenised. `key` is stable across versions (e.g. `item:123`). */
export interface IndexDoc {
  key: string;
  /** What it is: 'item' (政府信息), 'guide' (指南); later 'power', 'service', 'reply'. */
  kind: string;
  title: string[];
  /** Summary, body, attachment text, issuer names, 文号 and 索引号 as text. */
  body: string[];
  /** Canonical 文号 key (see normalizeDocNumber), or null. */
  docNumberKey: string | null;
  /** 索引号 exactly as published, or null. */
  indexNumber: string | null;
  agencyId: number;
  topicId: number;
  genreId: number;
  /** Day number of the document's date (days since 1970-01-01), for recency and year filters. */
  day: number;
  validity: ValidityCode;
}

export interface SearchFilters {
  agencyIds?: readonly number[];
  topicIds?: readonly number[];
  genreIds?: readonly number[];
  /** Inclusive day-number range. */
  dayFrom?: number;
  dayTo?: number;
  validity?: readonly ValidityCode[];
  kinds?: readonly string[];
}

export interface EngineQuery {
  terms: readonly string[];
  phrases: readonly (readonly string[])[];
  excluded: readonly string[];
  docNumberKey: string | null;
  indexNumber: string | null;
  filters: SearchFilters;
  limit: number;
  offset: number;
  /** Count matches by agency, topic, genre, year, validity and kind. */
  facets: boolean;
  /**
   * Visit every match: exact total and facets whatever the number of matches (slower for common
   * terms). Otherwise a query with many candidates gets its top results by dynamic pruning (the same
   * results) and an estimated total and facets (see EngineResult).
   */
  exhaustive?: boolean;
}

export interface Facets {
  agency: Map<number, number>;
  topic: Map<number, number>;
  genre: Map<number, number>;
  year: Map<number, number>;
  validity: Map<number, number>;
  kind: Map<string, number>;
}

export interface EngineResult {
  /** Number of matches; an estimate (from a sample, ± a few per cent) when `totalIsEstimate`. */
  total: number;
  hits: { key: string; score: number }[];
  facets: Facets | null;
  /** `total` is estimated (the query had too many candidates to count every match). */
  totalIsEstimate: boolean;
  /** The facet counts are estimated on a sample and scaled (only when `facets` is not null). */
  facetsAreEstimates: boolean;
}
