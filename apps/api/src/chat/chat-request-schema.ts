import { z } from 'zod';
import { isJsonDepthAtMost } from './is-json-depth-at-most.js';

/** Most tools in one request, and most tool calls in one assistant message (OpenAI's limit on tools). */
export const MAX_TOOLS = 128;

/** Most `stop` sequences (OpenAI's limit). */
export const MAX_STOP_SEQUENCES = 4;

/**
 * Deepest nesting of a tool's `parameters`. The SDK serialises the request with the recursive
 * `JSON.stringify`, which overflows the stack on JSON nested a few thousand levels deep (V8's
 * `JSON.parse` is iterative, so such a body parses fine and would reach it).
 */
export const MAX_PARAMETERS_DEPTH = 64;

/**
 * An array whose elements are checked only once its length is known to be in range: zod checks
 * an array's length after parsing every element, so 1 MB of `"tools":[{},{},…]` would build an
 * issue per element before saying "too many". `pipe` stops at the first schema's issues.
 */
function boundedArray<Element extends z.ZodType>(element: Element, max: number) {
  return z.array(z.unknown()).max(max).pipe(z.array(element));
}

const functionToolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const assistantMessage = z
  .object({
    role: z.literal('assistant'),
    // null or absent only beside tool_calls: an answer that is nothing but tool calls.
    content: z.string().nullable().optional(),
    tool_calls: boundedArray(functionToolCall, MAX_TOOLS).optional(),
  })
  .superRefine((message, context) => {
    if (typeof message.content !== 'string' && (message.tool_calls?.length ?? 0) === 0) {
      context.addIssue({
        code: 'custom',
        path: ['content'],
        message: 'An assistant message needs content or tool_calls',
      });
    }
  });

/** One message of a chat: its role decides which fields it has. */
export const chatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  assistantMessage,
  z.object({ role: z.literal('tool'), content: z.string(), tool_call_id: z.string().min(1) }),
]);

const functionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    // OpenAI's rule for function names.
    name: z.string().regex(/^[\w-]{1,64}$/, 'Must be 1 to 64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z
      .record(z.string(), z.unknown())
      .refine((parameters) => isJsonDepthAtMost(parameters, MAX_PARAMETERS_DEPTH), {
        message: `Must nest at most ${MAX_PARAMETERS_DEPTH} levels deep`,
      })
      .optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

/**
 * The body of `POST /api/chat`: the chat-completions parameters tokenwire forwards to the
 * upstream as they are. Unknown fields are dropped, so newer clients can send more; everything
 * the API forwards is listed here and nowhere else (the hand-written fast path derives its
 * fields from this shape).
 *
 * @example
 * chatRequestSchema.parse({ messages: [{ role: 'user', content: 'Hi' }], top_p: 0.9 });
 */
export const chatRequestSchema = z.object({
  messages: z.array(chatMessageSchema).min(1),
  model: z.string().min(1).max(256).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z.union([z.string(), boundedArray(z.string(), MAX_STOP_SEQUENCES)]).optional(),
  seed: z.number().int().optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
  tools: boundedArray(functionTool, MAX_TOOLS).optional(),
  tool_choice: toolChoice.optional(),
});

/**
 * A validated chat request. With a model and `stream: true` it is the SDK's
 * `ChatCompletionCreateParamsStreaming` as it is (`chat-request-schema.test-d.ts` checks it).
 */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** One message of a {@link ChatRequest}. */
export type ChatMessage = ChatRequest['messages'][number];
