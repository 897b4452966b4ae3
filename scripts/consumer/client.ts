// @tokenwire/client from a consumer's node_modules reads a protocol stream from a Node server.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChatResult, streamChat } from '@tokenwire/client';
import { encodeEvent, protocolHeaders, type TokenwireEvent } from '@tokenwire/protocol';

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
