/**
 * @module Test and benchmark tooling shared by infra and bench: a real nginx on a free loopback
 * port, its template rendered by envsubst as the official image does, port helpers, and a
 * self-signed certificate for TLS on loopback.
 */

export {
  createExampleChecker,
  type ExampleChecker,
  type ExportedExample,
  readTypeScriptBlocks,
} from './check-examples.js';
export { createSeededRandom } from './create-seeded-random.js';
export { findFreePort } from './find-free-port.js';
export { findNginx } from './find-nginx.js';
export {
  makeSelfSignedCertificate,
  type SelfSignedCertificate,
} from './make-self-signed-certificate.js';
export { readListenBacklog } from './read-listen-backlog.js';
export { renderTemplate } from './render-template.js';
export { type RunningNginx, type StartNginxOptions, startNginx } from './start-nginx.js';
export { chunkFrame, type RawUpstream, startRawUpstream } from './start-raw-upstream.js';
export { type RunningRedis, startRedis } from './start-redis.js';
export { type WaitForPortOptions, waitForPort } from './wait-for-port.js';
