// Run by stream-chat.node.test.ts in a plain `node` process (tsx only strips the types):
// global fetch, no DOM, no test-runner globals.
import { isAbortError, streamChat } from '@tokenwire/client';

const url = process.argv[2];
if (url === undefined) throw new Error('usage: node-smoke.ts <chat url>');

const stream = streamChat(url, {
  messages: [{ role: 'user', content: 'Say hello from Node. [mock tokens=40 rate=0]' }],
});
const types: string[] = [];
for await (const event of stream) types.push(event.type);
const result = await stream.result;

const aborted = streamChat(url, {
  messages: [{ role: 'user', content: 'A slow one. [mock tokens=500 rate=20]' }],
});
setTimeout(() => aborted.abort(), 100);
const abortError = await aborted.result.catch((error: unknown) => error);

process.stdout.write(
  JSON.stringify({
    hasWindow: typeof (globalThis as { window?: unknown }).window !== 'undefined',
    types,
    result,
    wasAborted: isAbortError(abortError),
  }),
);
