import { ApiError } from '../http/api-error.js';
import { type ChatRequest, chatRequestSchema } from './chat-request-schema.js';
import { readCommonChatRequest } from './read-common-chat-request.js';

/** The limits {@link parseChatRequest} enforces. */
export interface ChatRequestLimits {
  maxMessages: number;
  maxInputChars: number;
}

/**
 * Validates a parsed JSON body as a chat request. The 400's message names the first bad field
 * by its path (`messages.0.role: …`), because that is what a developer needs to fix it.
 * A well-formed request takes a hand-written check ({@link readCommonChatRequest}); zod runs
 * for anything that check does not accept, so every refusal still carries zod's message.
 *
 * @example
 * parseChatRequest({ messages: [{ role: 'user', content: 'Hi' }] }, { maxMessages: 100, maxInputChars: 100_000 });
 */
export function parseChatRequest(body: unknown, limits: ChatRequestLimits): ChatRequest {
  const request = readCommonChatRequest(body) ?? parseWithSchema(body);
  if (request.messages.length > limits.maxMessages) {
    throw new ApiError(
      400,
      'too_many_messages',
      `messages: ${request.messages.length} messages is more than the limit of ${limits.maxMessages}.`,
    );
  }
  let characters = 0;
  for (const message of request.messages) characters += message.content.length;
  if (characters > limits.maxInputChars) {
    throw new ApiError(
      400,
      'input_too_long',
      `messages: ${characters} characters is more than the limit of ${limits.maxInputChars}.`,
    );
  }
  return request;
}

function parseWithSchema(body: unknown): ChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new ApiError(400, 'invalid_request', `${field}: ${issue?.message ?? 'Invalid input'}`);
  }
  return result.data;
}
