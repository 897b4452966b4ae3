import { createSeededRandom } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from './chat-request-schema.js';
import {
  COMMON_MESSAGE_FIELDS,
  COMMON_REQUEST_FIELDS,
  readCommonChatRequest,
} from './read-common-chat-request.js';

const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  '',
  'x',
  [],
  {},
  Number.NaN,
  Number.POSITIVE_INFINITY,
  'user',
  2 ** 53,
  new Date(0),
  Object.create({ inherited: true }),
];

const TOOL_CALL = { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } };
const TOOL = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object' } },
};

/**
 * Values, valid and not, for every field of the schema. A field added to the schema without a
 * line here fails the first test below, so the property test always covers every field.
 */
const REQUEST_VALUES: Record<string, readonly unknown[]> = {
  messages: [], // built by randomMessages
  model: ['', 'gpt-4o-mini', 'm'.repeat(256), 'm'.repeat(257)],
  temperature: [0, 0.7, 2, 2.0001, -0.1, 1],
  max_tokens: [1, 0, 64, 1_000_000, 1_000_001, 2.5, -3],
  top_p: [0, 0.5, 1, 1.5, -0.1],
  stop: ['\n', ['a', 'b'], ['a', 'b', 'c', 'd', 'e'], [1]],
  seed: [0, 42, -7, 1.5],
  presence_penalty: [-2, 0, 2, 2.5],
  frequency_penalty: [-2, 0.3, -2.1],
  reasoning_effort: ['low', 'high', 'extreme'],
  tools: [[TOOL], [], [{ type: 'function', function: { name: 'bad name' } }], [{}]],
  tool_choice: [
    'auto',
    'none',
    'required',
    'sometimes',
    { type: 'function', function: { name: 'f' } },
  ],
};

/** Values for every message field of every role (role and content are built below). */
const MESSAGE_VALUES: Record<string, readonly unknown[]> = {
  role: [],
  content: [],
  tool_calls: [[TOOL_CALL], [], [{ id: 'x' }]],
  tool_call_id: ['call_1', '', 7],
};

function randomBody(random: () => number): unknown {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const odd = () => pick(ODD_VALUES);
  const maybe = (value: () => unknown) => (random() < 0.92 ? value() : odd());
  if (random() < 0.05) return odd();
  const body: Record<string, unknown> = {};
  if (random() < 0.95) {
    const count = random() < 0.05 ? 0 : 1 + Math.floor(random() * 3);
    body.messages = maybe(() =>
      Array.from({ length: count }, () =>
        maybe(() => {
          const message: Record<string, unknown> = {
            role: maybe(() => pick(['system', 'user', 'user', 'assistant', 'tool', 'User'])),
            content: maybe(() => pick(['', 'Hi', 'é 🎉', 'x'.repeat(300), 'Hi', null])),
          };
          for (const [field, values] of Object.entries(MESSAGE_VALUES)) {
            const chance = message.role === 'tool' || message.role === 'assistant' ? 0.5 : 0.05;
            if (values.length > 0 && random() < chance) message[field] = maybe(() => pick(values));
          }
          if (random() < 0.2) message.name = 'extra';
          if (random() < 0.05) delete message.content;
          return message;
        }),
      ),
    );
  }
  for (const [field, values] of Object.entries(REQUEST_VALUES)) {
    // Most bodies keep to the common fields, so both answers of the fast path are exercised.
    const chance = COMMON_REQUEST_FIELDS.includes(field) ? 0.4 : 0.04;
    if (values.length > 0 && random() < chance) body[field] = maybe(() => pick(values));
  }
  if (random() < 0.2) body.stream = true;
  return body;
}

describe('readCommonChatRequest', () => {
  it('has test values for every field of the schema, and reads only fields the schema has', () => {
    const requestFields = Object.keys(chatRequestSchema.shape);
    expect(Object.keys(REQUEST_VALUES).sort()).toEqual([...requestFields].sort());
    expect(requestFields).toEqual(expect.arrayContaining([...COMMON_REQUEST_FIELDS]));
    const messageFields = new Set(
      chatRequestSchema.shape.messages.element.options.flatMap((option) =>
        Object.keys(option.shape),
      ),
    );
    expect(Object.keys(MESSAGE_VALUES).sort()).toEqual([...messageFields].sort());
    expect([...messageFields]).toEqual(expect.arrayContaining([...COMMON_MESSAGE_FIELDS]));
  });

  it('accepts only what zod accepts, and returns exactly what zod returns (20,000 random bodies)', () => {
    const random = createSeededRandom(20261123);
    let accepted = 0;
    let refusedByBoth = 0;
    let acceptedByZodOnly = 0;
    for (let run = 0; run < 20_000; run++) {
      const body = randomBody(random);
      const fast = readCommonChatRequest(body);
      const zod = chatRequestSchema.safeParse(body);
      if (fast === undefined) {
        if (zod.success) acceptedByZodOnly++;
        else refusedByBoth++;
        continue;
      }
      accepted++;
      expect({ body, success: zod.success }).toEqual({ body, success: true });
      expect(fast).toEqual(zod.data);
    }
    // Every side of the comparison was exercised.
    expect(accepted).toBeGreaterThan(400);
    expect(refusedByBoth).toBeGreaterThan(1_000);
    expect(acceptedByZodOnly).toBeGreaterThan(300);
  });

  it('takes the request a client sends, dropping fields it does not know', () => {
    const body = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi', name: 'ignored' },
      ],
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 64,
      stream: true,
    };
    const request = readCommonChatRequest(body);
    expect(request).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 64,
    });
    expect(request?.messages[1]).not.toBe(body.messages[1]);
  });

  it('leaves every field it does not read itself to zod, so none is dropped', () => {
    const messages = [{ role: 'user', content: 'x' }];
    for (const [field, values] of Object.entries(REQUEST_VALUES)) {
      if (COMMON_REQUEST_FIELDS.includes(field)) continue;
      expect(readCommonChatRequest({ messages, [field]: values[0] }), field).toBeUndefined();
    }
    const assistant = { role: 'assistant', content: '', tool_calls: [TOOL_CALL] };
    expect(readCommonChatRequest({ messages: [assistant] })).toBeUndefined();
  });

  it('leaves every invalid body to zod', () => {
    expect(readCommonChatRequest({ messages: [] })).toBeUndefined();
    expect(readCommonChatRequest({ messages: [{ role: 'tool', content: 'x' }] })).toBeUndefined();
    expect(readCommonChatRequest({ messages: [{ role: 'user' }] })).toBeUndefined();
    expect(
      readCommonChatRequest({ messages: [{ role: 'user', content: 'x' }], max_tokens: 1.5 }),
    ).toBeUndefined();
    expect(readCommonChatRequest([{ role: 'user', content: 'x' }])).toBeUndefined();
  });
});
