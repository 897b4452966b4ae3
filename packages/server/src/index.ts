/**
 * @module tokenwire server: stream an OpenAI-compatible chat completion as protocol events from
 * any backend. Web APIs only; Node speed-ups are in `@tokenwire/server/node`.
 */

export type { FrameSource } from './generation/frame-source.js';
export type { AbortReason, GenerationState } from './generation/generation.js';
export type { GenerationSubscriber } from './generation/generation-subscriber.js';
export {
  createGenerationRegistry,
  type GenerationRegistry,
  type GenerationRegistryOptions,
  type RegisteredStreamOptions,
  type ResumeOptions,
  type StopResult,
} from './resume/create-generation-registry.js';
export type {
  SharedAppender,
  SharedGenerationInfo,
  SharedGenerationStore,
} from './resume/shared-generation-store.js';
export type { WriteBatching } from './sinks/create-frame-writer.js';
export type { NodeResponseLike } from './sinks/pipe-to-node-response.js';
export type { SseFrame } from './sse-frame.js';
export {
  CompletionStream,
  type CompletionStreamParts,
  type NodeResponseOptions,
  type ResponseOptions,
  type StreamCompletionOptions,
  streamCompletion,
} from './stream-completion.js';
export { StreamError, type StreamErrorOptions } from './stream-error.js';
export {
  type SendAttemptOptions,
  type SendCompletionRequest,
  sendThroughSdk,
} from './upstream/send-completion-request.js';
export type { BodyReadResult, OpenUpstreamBody, UpstreamBody } from './upstream/upstream-body.js';
