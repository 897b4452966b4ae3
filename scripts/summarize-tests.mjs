// Adds up the test runners' own closing lines (Vitest, Playwright, node:test) from a captured log
// and prints one plain total, then each failed test with its first error line, so a reader who sees
// only the end of a CI log still learns which test failed and why.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const count = (line, word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);

/**
 * Reads a test log (turbo-prefixed or not) and returns the totals and the failed tests.
 * @param {string} text the captured output, colours and all
 * @returns {{ passed: number, failed: number, skipped: number, failures: string[] }}
 */
export function summarizeTests(text) {
  const summary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  // turbo prefixes each line with "<workspace>:<task>: "; the workspace stays in a failure's name.
  const lines = stripVTControlCharacters(text)
    .split('\n')
    .map((raw) => {
      const prefix = raw.match(/^(\S+):\S+: /);
      return { workspace: prefix ? `${prefix[1]} ` : '', line: raw.slice(prefix?.[0].length ?? 0) };
    });
  const firstErrorAfter = (index, workspace) => {
    const own = lines.slice(index + 1, index + 40).filter((entry) => entry.workspace === workspace);
    for (const [at, { line }] of own.entries()) {
      // node:test's YAML block: `error: 'message'`, or `error: |-` with the message below it.
      const tap = line.match(/^\s+error: (?:\|-)?\s*'?(.*?)'?$/);
      if (tap)
        return (
          tap[1] ||
          own
            .slice(at + 1)
            .find((next) => next.line.trim())
            ?.line.trim()
        );
      const error = line.match(/^\s*(\w*(?:Error|Exception)\b.*)$/);
      if (error) return error[1].trim();
    }
    return undefined;
  };

  lines.forEach(({ workspace, line }, index) => {
    if (/^\s*Tests\s+.*\(\d+\)\s*$/.test(line)) {
      summary.passed += count(line, 'passed');
      summary.failed += count(line, 'failed');
      summary.skipped += count(line, 'skipped');
      return;
    }
    if (/^\s+\d+ (passed|failed|flaky|skipped)( \([^)]*\))?\s*$/.test(line)) {
      // Playwright's closing block: one count per line.
      summary.passed += count(line, 'passed');
      summary.failed += count(line, 'failed') + count(line, 'flaky');
      summary.skipped += count(line, 'skipped');
      return;
    }
    const node = line.match(/^# (pass|fail|skipped) (\d+)$/);
    if (node) {
      const key = { pass: 'passed', fail: 'failed', skipped: 'skipped' }[node[1]];
      summary[key] += Number(node[2]);
      return;
    }
    // Vitest's "Failed Tests" section, node:test's TAP and Playwright's numbered failures name a
    // failure each in their own way; its error follows within a few lines.
    const name =
      line.match(/^\s*FAIL\s+(\S.*)$/)?.[1] ??
      line.match(/^\s*not ok \d+ - (.+)$/)?.[1] ??
      line.match(/^\s+\d+\) (.+?) ─+\s*$/)?.[1];
    if (name === undefined) return;
    const error = firstErrorAfter(index, workspace);
    summary.failures.push(`${workspace}${name.trim()}${error ? ` — ${error}` : ''}`);
  });
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const summary = summarizeTests(readFileSync(process.argv[2] ?? 0, 'utf8'));
  for (const failure of summary.failures) console.log(`failed: ${failure}`);
  console.log(
    `tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`,
  );
}
