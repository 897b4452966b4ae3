import { type ChatMessage, type ChatRequest, chatRequestSchema } from './chat-request-schema.js';

/** The request fields this check reads itself; every other field of the schema goes to zod. */
export const COMMON_REQUEST_FIELDS: readonly string[] = [
  'messages',
  'model',
  'temperature',
  'max_tokens',
];

/** The message fields this check reads itself. */
export const COMMON_MESSAGE_FIELDS: readonly string[] = ['role', 'content'];

const ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);

// Derived from the schema, so a field added there (`top_p`, `tools`, a message's `tool_calls`)
// sends its requests to zod at once instead of being dropped here.
const ZOD_REQUEST_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(chatRequestSchema.shape).filter((field) => !COMMON_REQUEST_FIELDS.includes(field)),
);
const ZOD_MESSAGE_FIELDS: ReadonlySet<string> = new Set(
  chatRequestSchema.shape.messages.element.options
    .flatMap((option) => Object.keys(option.shape))
    .filter((field) => !COMMON_MESSAGE_FIELDS.includes(field)),
);

/**
 * The common, valid chat request checked by hand: a plain object whose `messages` are
 * `{ role, content }` objects of the system, user or assistant role with string content, whose
 * optional `model`, `temperature` and `max_tokens` are in range, and which has none of the
 * schema's other fields. Returns what `chatRequestSchema.parse` would (unknown fields dropped, new
 * objects), or `undefined` for anything else — the caller then asks zod, whose messages name the
 * bad field. It accepts nothing zod refuses; a test holds the two to the same answers over
 * bodies using every field of the schema.
 * zod's object and array machinery cost more per request than the rest of the route's own work.
 *
 * @example
 * readCommonChatRequest({ messages: [{ role: 'user', content: 'Hi' }] });
 * // { messages: [{ role: 'user', content: 'Hi' }] }
 */
export function readCommonChatRequest(body: unknown): ChatRequest | undefined {
  if (!isRecord(body)) return undefined;
  if (hasAnyOf(body, ZOD_REQUEST_FIELDS)) return undefined;
  const { messages: input, model, temperature, max_tokens: maxTokens } = body;
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const messages: ChatMessage[] = [];
  for (let index = 0; index < input.length; index++) {
    const message: unknown = input[index];
    if (!isRecord(message)) return undefined;
    const { role, content } = message;
    if (!ROLES.has(role) || typeof content !== 'string') return undefined;
    if (hasAnyOf(message, ZOD_MESSAGE_FIELDS)) return undefined;
    messages.push({ role: role as 'system' | 'user' | 'assistant', content });
  }
  const request: ChatRequest = { messages };
  if (model !== undefined) {
    if (typeof model !== 'string' || model.length === 0 || model.length > 256) return undefined;
    request.model = model;
  }
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2))
      return undefined;
    request.temperature = temperature;
  }
  if (maxTokens !== undefined) {
    if (!Number.isSafeInteger(maxTokens) || (maxTokens as number) < 1) return undefined;
    if ((maxTokens as number) > 1_000_000) return undefined;
    request.max_tokens = maxTokens as number;
  }
  return request;
}

/** Whether `record` has a defined value under one of `fields` (a loop over its own few keys). */
function hasAnyOf(record: Record<string, unknown>, fields: ReadonlySet<string>): boolean {
  for (const key in record) {
    if (fields.has(key) && record[key] !== undefined) return true;
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
