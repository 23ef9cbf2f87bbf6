/** The search platform (issue 7): contracts, text analysis and (engine.ts) the in-memory index. */
export * from './types.js';
export {
  createAnalyzer,
  defaultAnalyzer,
  findDocNumbers,
  GOV_TERMS_FILE,
  looksLikeIndexNumber,
  MAX_QUERY_CHARS,
  MAX_QUERY_TERMS,
  normalizeDocNumber,
  normalizeText,
  parseQuery,
  toSimplified,
  type ParsedQueryDetails,
  type TextAnalyzer,
} from './text.js';
