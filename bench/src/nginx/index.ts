export { findNginx } from './find-nginx.js';
export { renderTemplate } from './render-template.js';
export { type RunningNginx, startNginx } from './start-nginx.js';
