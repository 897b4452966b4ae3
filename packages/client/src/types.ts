import type { FinishReason, Usage } from '@tokenwire/protocol';

/**
 * One message of the conversation sent to the API, in the API's request schema.
 *
 * @example
 * const message: ChatRequestMessage = { role: 'user', content: 'Hello!' };
 */
export interface ChatRequestMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The JSON body {@link streamChat} POSTs. Extra fields are sent as they are, for APIs that take more.
 *
 * @example
 * const body: ChatRequest = { messages: [{ role: 'user', content: 'Write a haiku.' }] };
 */
export interface ChatRequest {
  messages: readonly ChatRequestMessage[];
  [field: string]: unknown;
}

/**
 * What a stream had delivered when it stopped: kept on every error, so a UI can show the partial
 * answer, and enough to resume the generation later (`generationId` + `lastEventId`).
 *
 * @example
 * function describe(partial: PartialChatResult): string {
 *   return `${partial.text.length} characters of ${partial.generationId ?? 'an unstarted generation'}`;
 * }
 */
export interface PartialChatResult {
  /** The text received so far. */
  text: string;
  /** From the `start` event; undefined if the stream failed before it. */
  generationId?: string | undefined;
  model?: string | undefined;
  /** The `id` of the last frame received: what a resume would send as `Last-Event-ID`. */
  lastEventId?: string | undefined;
}

/**
 * A complete answer: what `result` of {@link streamChat} resolves to.
 *
 * @example
 * const { text, finishReason, usage } = await streamChat('/api/chat', body).result;
 * if (finishReason === 'length') console.warn('The answer was cut at the token limit.');
 * console.log(text, usage?.completionTokens);
 */
export interface ChatResult {
  /** The whole answer: every `text-delta`, joined. */
  text: string;
  finishReason: FinishReason;
  /** Token counts, when the server reported them. */
  usage?: Usage | undefined;
  generationId: string;
  model: string;
  lastEventId?: string | undefined;
}
