// @tokenwire/protocol from a consumer's node_modules: events encoded, split at every byte, and
// decoded back exactly.
import assert from 'node:assert/strict';
import { createEventDecoder, encodeEvent, type TokenwireEvent } from '@tokenwire/protocol';

const events: TokenwireEvent[] = [
  { type: 'start', id: 'gen_consumer', model: 'demo' },
  { type: 'text-delta', delta: 'héllo <br />\n' },
  { type: 'text-delta', delta: '👩‍💻' },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 1, completionTokens: 2 } },
];
const bytes = new TextEncoder().encode(
  events.map((event, seq) => encodeEvent(event, seq)).join(''),
);
const decoded: TokenwireEvent[] = [];
const decoder = createEventDecoder({ onEvent: (event) => decoded.push(event) });
for (const byte of bytes) decoder.push(Uint8Array.of(byte));
assert.deepEqual(decoded, events);
assert.equal(decoder.hasEnded, true);
console.log('consumer: @tokenwire/protocol round-trips events split at every byte');
