/** The 政府信息 catalogue. So far: 索引号 templates and their concurrency-safe allocation. */
export { DEFAULT_INDEX_TEMPLATE, counterPeriod, renderIndexNumber, templateProblem } from './index-number.js';
export { allocateIndexNumber } from './index-numbers.js';
