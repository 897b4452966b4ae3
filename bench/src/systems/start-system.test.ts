import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSystem } from './start-system.js';
import type { SystemDefinition } from './system-definition.js';

// A system that answers every request with the flags its node was started with.
const scriptDirectory = mkdtempSync(join(tmpdir(), 'tokenwire-bench-'));
const script = join(scriptDirectory, 'echo-flags.cjs');
writeFileSync(
  script,
  "require('node:http').createServer((_, res) => res.end(JSON.stringify(process.execArgv))).listen(Number(process.env.PORT), '127.0.0.1');",
);
const echoFlags: SystemDefinition = {
  name: 'node-pipe',
  framing: 'openai-sse',
  path: '/',
  body: () => '{}',
  process: { script, env: (_upstreamUrl, port) => ({ PORT: String(port) }) },
};

// Each test starts a node process; a busy CI machine may take seconds.
describe('startSystem', () => {
  afterAll(() => rmSync(scriptDirectory, { recursive: true, force: true }));

  it('starts the system with the node flags it is given, before its script', async () => {
    const system = await startSystem(echoFlags, {
      upstreamUrl: 'http://127.0.0.1:1/v1',
      core: 0,
      nodeFlags: ['--max-semi-space-size=32', '--no-warnings'],
    });
    try {
      const flags = await (await fetch(system.origin)).json();
      expect(flags).toEqual(['--max-semi-space-size=32', '--no-warnings']);
      expect(system.usage()?.mainThreadCpuSeconds).toBeGreaterThan(0);
    } finally {
      await system.stop();
    }
  }, 30_000);

  it('adds none of its own without them', async () => {
    const system = await startSystem(echoFlags, { upstreamUrl: 'http://127.0.0.1:1/v1', core: 0 });
    try {
      expect(await (await fetch(system.origin)).json()).toEqual([]);
    } finally {
      await system.stop();
    }
  }, 30_000);
});
