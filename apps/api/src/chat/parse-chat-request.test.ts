import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { chatRequestSchema, MAX_PARAMETERS_DEPTH, MAX_TOOLS } from './chat-request-schema.js';
import { type ChatRequestLimits, parseChatRequest } from './parse-chat-request.js';

const LIMITS: ChatRequestLimits = { maxMessages: 100, maxInputChars: 100_000 };

function refusal(body: unknown, limits: ChatRequestLimits = LIMITS): ApiError {
  try {
    parseChatRequest(body, limits);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const TOOL_CALL = {
  id: 'call_1',
  type: 'function',
  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
};

const TOOL_CHAT = {
  messages: [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [TOOL_CALL] },
    { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: true,
      },
    },
  ],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  top_p: 0.9,
  stop: ['\n\n'],
  seed: 7,
  presence_penalty: 0.5,
  frequency_penalty: -0.5,
  reasoning_effort: 'low',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseChatRequest', () => {
  it('keeps tools, tool calls, tool results and sampling parameters exactly as sent', () => {
    expect(parseChatRequest(structuredClone(TOOL_CHAT), LIMITS)).toEqual(TOOL_CHAT);
  });

  it('gives the same answer with and without the fast path', () => {
    const common = { messages: [{ role: 'user', content: 'Hi' }], temperature: 1, stream: true };
    for (const body of [common, TOOL_CHAT]) {
      expect(parseChatRequest(body, LIMITS)).toEqual(
        parseChatRequest(body, { ...LIMITS, useFastPath: false }),
      );
    }
  });

  it('names the bad field of a malformed tool', () => {
    const badName = {
      ...TOOL_CHAT,
      tools: [{ type: 'function', function: { name: 'get weather' } }],
    };
    expect(refusal(badName).message).toMatch(/^tools\.0\.function\.name: /);
    const badCall = {
      messages: [{ role: 'assistant', tool_calls: [{ ...TOOL_CALL, function: { name: 'f' } }] }],
    };
    expect(refusal(badCall).message).toMatch(/^messages\.0\.tool_calls\.0\.function\.arguments: /);
    const noCallId = { messages: [{ role: 'tool', content: 'x' }] };
    expect(refusal(noCallId).message).toMatch(/^messages\.0\.tool_call_id: /);
    expect(refusal({ ...TOOL_CHAT, top_p: 1.5 }).message).toMatch(/^top_p: /);
    expect(refusal({ ...TOOL_CHAT, reasoning_effort: 'max' }).message).toMatch(
      /^reasoning_effort: /,
    );
    for (const error of [refusal(badName), refusal(badCall), refusal(noCallId)]) {
      expect([error.status, error.code]).toEqual([400, 'invalid_request']);
    }
  });

  it('lets content be null or absent only for an assistant message with tool calls', () => {
    expect(refusal({ messages: [{ role: 'assistant', content: null }] }).message).toMatch(
      /^messages\.0\.content: /,
    );
    expect(refusal({ messages: [{ role: 'user', content: null }] }).message).toMatch(
      /^messages\.0\.content: /,
    );
    const absent = { messages: [{ role: 'assistant', tool_calls: [TOOL_CALL] }] };
    expect(parseChatRequest(absent, LIMITS)).toEqual(absent);
  });

  it('counts tool call names and arguments and tool results toward MAX_INPUT_CHARS', () => {
    // 'Weather in Paris?' 17 + 'get_weather' 11 + '{"city":"Paris"}' 16 + '{"celsius":21}' 14 = 58
    expect(() => parseChatRequest(TOOL_CHAT, { ...LIMITS, maxInputChars: 58 })).not.toThrow();
    const error = refusal(TOOL_CHAT, { ...LIMITS, maxInputChars: 57 });
    expect([error.code, error.message]).toEqual([
      'input_too_long',
      'messages: 58 characters is more than the limit of 57.',
    ]);
  });

  it('refuses 1 MB of empty messages from the array length, without running zod on them', () => {
    const safeParse = vi.spyOn(chatRequestSchema, 'safeParse');
    const body = JSON.parse(`{"messages":[${'{},'.repeat(349_000)}{}]}`) as unknown;
    const error = refusal(body);
    expect([error.status, error.code]).toEqual([400, 'too_many_messages']);
    expect(error.message).toBe('messages: 349001 messages is more than the limit of 100.');
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('builds one issue, not one per element, for 1 MB of empty tools, tool calls or stops', () => {
    const many = JSON.parse(`[${'{},'.repeat(349_000)}{}]`) as unknown[];
    const messages = [{ role: 'user', content: 'x' }];
    const bodies = [
      { messages, tools: many },
      { messages, stop: many },
      { messages: [{ role: 'assistant', tool_calls: many }] },
    ];
    for (const body of bodies) {
      const result = chatRequestSchema.safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues.length).toBeLessThanOrEqual(2);
    }
    expect(refusal(bodies[0]).message).toMatch(new RegExp(`^tools: .*${MAX_TOOLS}`));
  });

  it('refuses tool parameters nested deeper than the SDK can serialise', () => {
    let parameters: Record<string, unknown> = {};
    for (let depth = 0; depth < 100_000; depth++) parameters = { p: parameters };
    const body = {
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f', parameters } }],
    };
    expect(refusal(body).message).toMatch(/^tools\.0\.function\.parameters: /);
    let shallow: Record<string, unknown> = {};
    for (let depth = 1; depth < MAX_PARAMETERS_DEPTH; depth++) shallow = { p: shallow };
    const tools = [{ type: 'function', function: { name: 'f', parameters: shallow } }];
    expect(parseChatRequest({ ...body, tools }, LIMITS).tools).toEqual(tools);
  });
});
