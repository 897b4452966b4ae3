/**
 * @module OpenAI-compatible chat-completions mock server with fault injection, for tests,
 * benchmarks and demos. Zero runtime dependencies: `node:http` only.
 */
export { createMockOpenAIHandler } from './create-mock-openai-handler.js';
export { defaultAnswers } from './default-answers.js';
export { parseFaultDirective } from './parse-fault-directive.js';
export { startMockOpenAI } from './start-mock-openai.js';
export { tokenize } from './tokenize.js';
export type {
  MockChatCompletionRequest,
  MockChunkDelta,
  MockCloseEvent,
  MockFault,
  MockFinishReason,
  MockOpenAI,
  MockOpenAIHandler,
  MockOpenAIOptions,
  MockReasoningField,
  MockRequestEvent,
} from './types.js';
