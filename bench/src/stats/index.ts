export { median } from './median.js';
export { percentile } from './percentile.js';
export { type Summary, summarize } from './summarize.js';
