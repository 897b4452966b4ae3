// @tokenwire/mock-openai from a consumer's node_modules streams an OpenAI-style answer.
import assert from 'node:assert/strict';
import { startMockOpenAI } from '@tokenwire/mock-openai';
import { createSseParser } from '@tokenwire/protocol';

const mock = await startMockOpenAI({ tokensPerSecond: 0 });
const response = await fetch(`${mock.url}/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    model: 'demo',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  }),
});
let answer = '';
let isDone = false;
const parser = createSseParser({
  onMessage(message) {
    if (message.data === '[DONE]') isDone = true;
    else answer += JSON.parse(message.data).choices[0]?.delta?.content ?? '';
  },
});
// A plain reader loop: the DOM typings give ReadableStream no async iterator.
const reader = (response.body as ReadableStream<Uint8Array>).getReader();
for (let step = await reader.read(); !step.done; step = await reader.read())
  parser.feed(step.value);
parser.end();
await mock.close();
assert.ok(isDone && answer.length > 20, 'the mock streamed an answer ending in [DONE]');
console.log(`consumer: @tokenwire/mock-openai streamed ${answer.length} characters`);
