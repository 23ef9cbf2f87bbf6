/** One search over what the public may see (issue 7): the service, the page and API, reindexing. */
export { createSearchService, KIND_LABELS, type SearchService, type SearchParams, type SearchResponse, type SearchHit } from './search.service.js';
export { searchRoutes, parseSearchParams } from './search.portal.js';
export { reindexAll, type ReindexResult } from './reindex.js';
