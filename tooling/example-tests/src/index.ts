/**
 * @module The suite every example under `examples/` passes, through its real HTTP server and
 * `@tokenwire/client`, against `@tokenwire/mock-openai`.
 */
export {
  describeExample,
  type ExampleServer,
  type StartExample,
  type StartExampleOptions,
} from './describe-example.js';
export { serveExample } from './serve-example.js';
