/**
 * @module tokenwire protocol v1: typed events, an SSE encoder and a lossless incremental decoder.
 */
export {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_EVENT_SIZE,
  HEARTBEAT_FRAME,
  PROTOCOL_VERSION,
  protocolHeaders,
} from './constants.js';
export { createEncoderStream, type EncoderStreamOptions } from './create-encoder-stream.js';
export {
  createEventDecoder,
  type EventDecoder,
  type EventDecoderOptions,
} from './create-event-decoder.js';
export {
  createSseParser,
  type SseMessage,
  type SseParser,
  type SseParserOptions,
} from './create-sse-parser.js';
export { encodeEvent } from './encode-event.js';
export { EventDecoderStream, type EventDecoderStreamOptions } from './event-decoder-stream.js';
export type {
  ErrorEvent,
  FinishEvent,
  FinishReason,
  ReasoningDeltaEvent,
  StartEvent,
  TextDeltaEvent,
  TokenwireEvent,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
  UnknownEvent,
  Usage,
} from './events.js';
export { parseEvent } from './parse-event.js';
export { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';
export { type Heartbeat, type HeartbeatOptions, startHeartbeat } from './start-heartbeat.js';
export type { TokenwireErrorCode } from './tokenwire-error-code.js';
