// @tokenwire/server from a consumer's node_modules: the real openai SDK against the mock, its
// answer read as protocol events.
import assert from 'node:assert/strict';
import { startMockOpenAI } from '@tokenwire/mock-openai';
import type { TokenwireEvent } from '@tokenwire/protocol';
import { streamCompletion } from '@tokenwire/server';
import OpenAI from 'openai';

const mock = await startMockOpenAI({ tokensPerSecond: 0 });
const client = new OpenAI({ baseURL: mock.url, apiKey: 'test' });
const events: TokenwireEvent[] = [];
for await (const event of streamCompletion({
  client,
  params: { model: 'demo', messages: [{ role: 'user', content: 'hi' }] },
}).events) {
  events.push(event);
}
await mock.close();
const text = events.map((event) => (event.type === 'text-delta' ? event.delta : '')).join('');
assert.equal(events[0]?.type, 'start');
assert.equal(events.at(-1)?.type, 'finish');
assert.ok(text.length > 20, 'the answer has text');
console.log(
  `consumer: @tokenwire/server streamed ${text.length} characters from the mock through openai`,
);
