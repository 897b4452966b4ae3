/**
 * @module tokenwire server: stream an OpenAI-compatible chat completion as protocol events from
 * any backend. Web APIs only; Node speed-ups are in `@tokenwire/server/node`.
 */
export type { AbortReason, GenerationState } from './generation/generation.js';
export type { NodeResponseLike } from './sinks/pipe-to-node-response.js';
export type { SseFrame } from './sse-frame.js';
export {
  CompletionStream,
  type ResponseOptions,
  type StreamCompletionOptions,
  streamCompletion,
} from './stream-completion.js';
export { StreamError, type StreamErrorOptions } from './stream-error.js';
export type { BodyReadResult, OpenUpstreamBody, UpstreamBody } from './upstream/upstream-body.js';
