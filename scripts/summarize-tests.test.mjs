import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { summarizeTests } from './summarize-tests.mjs';

// Vitest 4's and Playwright 1.65's own output for a failing run, colours included, as turbo
// prefixes it; cut to the lines around the failures.
const vitest = [
  '@tokenwire/api:test: \u001b[41m\u001b[1m FAIL \u001b[22m\u001b[49m src/chat/a.test.ts\u001b[2m > \u001b[22mgroup\u001b[2m > \u001b[22mfails here',
  '@tokenwire/api:test: \u001b[31m\u001b[1mAssertionError\u001b[22m: expected 1 to be 2 // Object.is equality\u001b[39m',
  '@tokenwire/api:test: ',
  '@tokenwire/api:test: \u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m148 passed\u001b[39m\u001b[22m\u001b[90m (149)\u001b[39m',
];
const playwright = [
  '@tokenwire/web:test:   ✘  1 e2e/chat.spec.ts:2:1 › streams an answer (16ms)',
  '@tokenwire/web:test:   ✓  2 e2e/chat.spec.ts:9:1 › stops (2ms)',
  '@tokenwire/web:test:   1) e2e/chat.spec.ts:2:1 › streams an answer ──────────────────────────',
  '@tokenwire/web:test: ',
  '@tokenwire/web:test:     Error: expect(received).toBe(expected) // Object.is equality',
  '@tokenwire/web:test:   1 failed',
  '@tokenwire/web:test:     e2e/chat.spec.ts:2:1 › streams an answer ─────────────────────────',
  '@tokenwire/web:test:   1 passed (3.4s)',
];

test('names each failed test with its first error line, and adds up every runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenwire-summary-'));
  try {
    // node:test's TAP, from a real run of a failing file.
    writeFileSync(
      join(dir, 'fails.test.mjs'),
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n" +
        "test('adds', () => assert.equal(1 + 1, 3));\ntest('passes', () => {});\n",
    );
    // Without NODE_TEST_CONTEXT, which the runner running this test sets, the child prints TAP.
    const { NODE_TEST_CONTEXT, ...env } = process.env;
    const node = spawnSync(process.execPath, ['--test', join(dir, 'fails.test.mjs')], {
      encoding: 'utf8',
      env,
    });
    const summary = summarizeTests([...vitest, ...playwright, node.stdout].join('\n'));
    assert.deepEqual(summary.failures, [
      '@tokenwire/api src/chat/a.test.ts > group > fails here — AssertionError: expected 1 to be 2 // Object.is equality',
      '@tokenwire/web e2e/chat.spec.ts:2:1 › streams an answer — Error: expect(received).toBe(expected) // Object.is equality',
      'adds — Expected values to be strictly equal:',
    ]);
    assert.deepEqual(
      { passed: summary.passed, failed: summary.failed, skipped: summary.skipped },
      { passed: 148 + 1 + 1, failed: 1 + 1 + 1, skipped: 0 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a green log names no failure', () => {
  const summary = summarizeTests(vitest.slice(3).join('\n').replace('1 failed', '0 failed'));
  assert.deepEqual(summary.failures, []);
  assert.equal(summary.passed, 148);
});
