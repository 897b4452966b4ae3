// A consumer outside the workspace: imports every published package from its tarball, type-checks
// against the published declarations, and exercises each for real.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChatResult, streamChat } from '@tokenwire/client';
import { startMockOpenAI } from '@tokenwire/mock-openai';
import {
  createSseParser,
  encodeEvent,
  protocolHeaders,
  type TokenwireEvent,
} from '@tokenwire/protocol';
import { type UseChatOptions, type UseChatResult, useChat } from '@tokenwire/react';

const events: TokenwireEvent[] = [
  { type: 'start', id: 'gen_consumer', model: 'demo' },
  { type: 'text-delta', delta: 'héllo <br />\n' },
  { type: 'text-delta', delta: '👩‍💻' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 2 } },
];

const server = createServer((_request, response) => {
  response.writeHead(200, protocolHeaders);
  events.forEach((event, seq) => {
    response.write(encodeEvent(event, seq));
  });
  response.end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const result: ChatResult = await streamChat(`http://127.0.0.1:${port}/api/chat`, {
  messages: [{ role: 'user', content: 'hi' }],
}).result;
server.close();
assert.equal(result.text, 'héllo <br />\n👩‍💻');
assert.equal(result.finishReason, 'stop');
console.log('consumer: @tokenwire/client read a @tokenwire/protocol stream exactly');

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
let done = false;
const parser = createSseParser({
  onMessage(message) {
    if (message.data === '[DONE]') done = true;
    else answer += JSON.parse(message.data).choices[0]?.delta?.content ?? '';
  },
});
// A plain reader loop: the DOM typings give ReadableStream no async iterator.
const reader = (response.body as ReadableStream<Uint8Array>).getReader();
for (let step = await reader.read(); !step.done; step = await reader.read())
  parser.feed(step.value);
parser.end();
await mock.close();
assert.ok(done && answer.length > 20, 'the mock streamed an answer ending in [DONE]');
console.log(`consumer: @tokenwire/mock-openai streamed ${answer.length} characters`);

const hook: (options: UseChatOptions) => UseChatResult = useChat;
assert.equal(typeof hook, 'function');
console.log('consumer: @tokenwire/react imports and type-checks');
