import { ApiError } from '../http/api-error.js';
import { type ChatMessage, type ChatRequest, chatRequestSchema } from './chat-request-schema.js';
import { readCommonChatRequest } from './read-common-chat-request.js';

/** The limits {@link parseChatRequest} enforces, and how. */
export interface ChatRequestLimits {
  maxMessages: number;
  maxInputChars: number;
  /**
   * Try the hand-written check ({@link readCommonChatRequest}) before zod. Default true; tests
   * turn it off to hold both paths to the same answers.
   */
  useFastPath?: boolean;
}

/**
 * Validates a parsed JSON body as a chat request. The 400's message names the first bad field
 * by its path (`messages.0.role: …`), because that is what a developer needs to fix it.
 * The cheap limit comes first: a body with too many messages is refused from the array's length,
 * before any message is looked at, so a 1 MB `{"messages":[{},{},…]}` costs no zod issue per
 * element. A well-formed request takes a hand-written check ({@link readCommonChatRequest}); zod
 * runs for anything that check does not accept, so every refusal still carries zod's message.
 *
 * @example
 * parseChatRequest({ messages: [{ role: 'user', content: 'Hi' }] }, { maxMessages: 100, maxInputChars: 100_000 });
 */
export function parseChatRequest(body: unknown, limits: ChatRequestLimits): ChatRequest {
  const messageCount = countMessages(body);
  if (messageCount > limits.maxMessages) throw tooManyMessages(messageCount, limits.maxMessages);
  const request =
    (limits.useFastPath === false ? undefined : readCommonChatRequest(body)) ??
    parseWithSchema(body);
  let characters = 0;
  for (const message of request.messages) characters += countCharacters(message);
  if (characters > limits.maxInputChars) {
    throw new ApiError(
      400,
      'input_too_long',
      `messages: ${characters} characters is more than the limit of ${limits.maxInputChars}.`,
    );
  }
  return request;
}

/** `body.messages.length` when it is an array, else 0 (the schema then says what is wrong). */
function countMessages(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const { messages } = body as { messages?: unknown };
  return Array.isArray(messages) ? messages.length : 0;
}

function tooManyMessages(count: number, limit: number): ApiError {
  return new ApiError(
    400,
    'too_many_messages',
    `messages: ${count} messages is more than the limit of ${limit}.`,
  );
}

/** What the model reads of a message: its text, and the name and arguments of each tool call. */
function countCharacters(message: ChatMessage): number {
  let characters = message.content?.length ?? 0;
  if (message.role === 'assistant' && message.tool_calls !== undefined) {
    for (const call of message.tool_calls) {
      characters += call.function.name.length + call.function.arguments.length;
    }
  }
  return characters;
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
