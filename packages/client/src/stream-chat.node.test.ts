import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningServer, startServer } from '@tokenwire/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

let api: RunningServer;
beforeAll(async () => {
  api = await startServer({
    env: { RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_MAX_RETRIES: '0' },
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
});
afterAll(() => api.close());

describe('streamChat in plain Node', () => {
  it('streams from the real API with the global fetch, in a separate node process', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@tokenwire/source',
        '--import',
        'tsx',
        'src/test-support/node-smoke.ts',
        `${api.url}/api/chat`,
      ],
      { cwd: packageRoot, timeout: 60_000 },
    );
    const output = JSON.parse(stdout) as {
      hasWindow: boolean;
      types: string[];
      result: { text: string; finishReason: string; generationId: string };
      wasAborted: boolean;
    };
    expect(output.hasWindow).toBe(false);
    expect(output.types[0]).toBe('start');
    expect(output.types.at(-1)).toBe('finish');
    expect(output.types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
    expect(output.result.finishReason).toBe('stop');
    expect(output.result.text.length).toBeGreaterThan(0);
    expect(output.result.generationId).toEqual(expect.any(String));
    expect(output.wasAborted).toBe(true);
  });
});
