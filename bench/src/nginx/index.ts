export { type StartFrontNginxOptions, startFrontNginx } from './start-front-nginx.js';
