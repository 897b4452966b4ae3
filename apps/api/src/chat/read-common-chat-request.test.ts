import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from './chat-request-schema.js';
import { readCommonChatRequest } from './read-common-chat-request.js';

// A seeded generator (mulberry32), so a failure names a body that can be replayed.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

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

function randomBody(random: () => number): unknown {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const odd = () => pick(ODD_VALUES);
  const maybe = (value: () => unknown) => (random() < 0.85 ? value() : odd());
  if (random() < 0.05) return odd();
  const body: Record<string, unknown> = {};
  if (random() < 0.95) {
    const count = random() < 0.1 ? 0 : 1 + Math.floor(random() * 4);
    body.messages = maybe(() =>
      Array.from({ length: count }, () =>
        maybe(() => {
          const message: Record<string, unknown> = {
            role: maybe(() => pick(['system', 'user', 'assistant', 'tool', 'User'])),
            content: maybe(() => pick(['', 'Hi', 'é 🎉', 'x'.repeat(300)])),
          };
          if (random() < 0.2) message.name = 'extra';
          if (random() < 0.05) delete message.content;
          return message;
        }),
      ),
    );
  }
  if (random() < 0.4)
    body.model = maybe(() => pick(['', 'gpt-4o-mini', 'm'.repeat(256), 'm'.repeat(257)]));
  if (random() < 0.4) body.temperature = maybe(() => pick([0, 0.7, 2, 2.0001, -0.1, 1]));
  if (random() < 0.4) {
    body.max_tokens = maybe(() => pick([1, 0, 64, 1_000_000, 1_000_001, 2.5, -3]));
  }
  if (random() < 0.2) body.stream = true;
  return body;
}

describe('readCommonChatRequest', () => {
  it('accepts only what zod accepts, and returns exactly what zod returns (5,000 random bodies)', () => {
    const random = createRandom(20261123);
    let accepted = 0;
    let refusedByBoth = 0;
    for (let run = 0; run < 5_000; run++) {
      const body = randomBody(random);
      const fast = readCommonChatRequest(body);
      const zod = chatRequestSchema.safeParse(body);
      if (fast === undefined) {
        if (!zod.success) refusedByBoth++;
        continue;
      }
      accepted++;
      expect({ body, success: zod.success }).toEqual({ body, success: true });
      expect(fast).toEqual(zod.data);
    }
    // Both sides of the comparison were exercised.
    expect(accepted).toBeGreaterThan(250);
    expect(refusedByBoth).toBeGreaterThan(250);
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
