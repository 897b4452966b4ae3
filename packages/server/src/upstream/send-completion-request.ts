import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';

/** What one attempt is sent with: the caller's abort and what is left of the deadline. */
export interface SendAttemptOptions {
  signal: AbortSignal;
  /** Milliseconds until the response headers must be in (a positive integer). */
  timeout: number;
}

/**
 * Sends one streaming chat completion request, once (retries are the caller's), and resolves
 * with its `Response` once the headers are in. Throws what the openai SDK throws for the same
 * failure (`APIError` by status, `APIConnectionError`, `APIConnectionTimeoutError`,
 * `APIUserAbortError`), so retries and error answers do not depend on how it was sent. The
 * default, {@link sendThroughSdk}, is `client.chat.completions.create(…).asResponse()`;
 * `createNodeFetch().sendRequest` from `@tokenwire/server/node` sends the same request without
 * the SDK's per-request work.
 *
 * @example
 * const send: SendCompletionRequest = (client, params, options) =>
 *   client.chat.completions.create(params, { ...options, maxRetries: 0 }).asResponse();
 */
export type SendCompletionRequest = (
  client: OpenAI,
  params: ChatCompletionCreateParamsStreaming,
  options: SendAttemptOptions,
) => Promise<Response>;

/**
 * The plain path: the SDK builds, sends and types everything (its own retries off).
 *
 * @example
 * const response = await sendThroughSdk(
 *   client,
 *   { ...params, stream: true },
 *   { signal: AbortSignal.timeout(60_000), timeout: 60_000 },
 * );
 */
export const sendThroughSdk: SendCompletionRequest = (client, params, { signal, timeout }) =>
  client.chat.completions.create(params, { signal, timeout, maxRetries: 0 }).asResponse();
