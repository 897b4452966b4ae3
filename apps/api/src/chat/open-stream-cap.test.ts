import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/start-test-stack.js';

describe('MAX_OPEN_STREAMS', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { MAX_OPEN_STREAMS: '2', RESUME_GRACE_MS: '0' } });
  });
  afterAll(() => stack.close());

  it('refuses a stream past the cap with 503 server_busy and Retry-After, before its first byte', async () => {
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(
      controllers.map((controller) =>
        stack.ask('Long [mock tokens=5000 rate=20]', { signal: controller.signal }),
      ),
    );
    for (const response of open) expect(response.status).toBe(200);

    const refused = await stack.ask('One more');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      error: { code: 'server_busy', message: expect.any(String) },
    });

    // A closed stream makes room again.
    controllers[0]?.abort();
    await open[0]?.body?.cancel().catch(() => {});
    for (let attempt = 0; stack.api.state.activeChats.size >= 2 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const admitted = await stack.ask('Now [mock tokens=3]');
    expect(admitted.status).toBe(200);
    await admitted.text();
    controllers[1]?.abort();
  });
});
