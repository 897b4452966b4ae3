import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

const encoder = new TextEncoder();

describe('readJsonBody', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  const post = (body: Uint8Array | ReadableStream<Uint8Array>) =>
    fetch(`${stack.api.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

  it('answers bytes that are not UTF-8 with 400 invalid_body instead of decoding them to U+FFFD', async () => {
    const prefix = encoder.encode('{"messages":[{"role":"user","content":"');
    const suffix = encoder.encode('"}]}');
    const invalid = [
      [0xff], // never valid
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded
      [0xf0, 0x9f, 0x8e], // a 4-byte sequence cut short
    ];
    for (const bytes of invalid) {
      const response = await post(new Uint8Array([...prefix, ...bytes, ...suffix]));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: 'invalid_body', message: 'The request body is not valid UTF-8.' },
      });
    }
  });

  it('takes a body whose emoji is split across two network chunks', async () => {
    const bytes = encoder.encode(
      JSON.stringify({ messages: [{ role: 'user', content: '🎉 hi' }] }),
    );
    const split = bytes.indexOf(0xf0) + 2;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.slice(0, split));
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const response = await post(body);
    expect(response.status).toBe(200);
    expect((await readStream(response)).last?.type).toBe('finish');
  });
});
