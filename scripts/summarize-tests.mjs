// Adds up the test runners' own closing lines (Vitest, Playwright, node:test) from a captured log
// and prints one plain total, so a reader of the CI log sees every workspace's count in one line.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const log = stripVTControlCharacters(readFileSync(process.argv[2] ?? 0, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
const count = (line, word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);

for (const raw of log.split('\n')) {
  // turbo prefixes each line with "<workspace>:<task>: ".
  const line = raw.replace(/^\S+:\S+: /, '');
  if (/^\s*Tests\s+.*\(\d+\)\s*$/.test(line)) {
    passed += count(line, 'passed');
    failed += count(line, 'failed');
    skipped += count(line, 'skipped');
  } else if (/^\s+\d+ (passed|failed|flaky|skipped)( \([^)]*\))?\s*$/.test(line)) {
    // Playwright's closing block: one count per line.
    passed += count(line, 'passed');
    failed += count(line, 'failed') + count(line, 'flaky');
    skipped += count(line, 'skipped');
  } else {
    const node = line.match(/^# (pass|fail|skipped) (\d+)$/);
    if (node?.[1] === 'pass') passed += Number(node[2]);
    if (node?.[1] === 'fail') failed += Number(node[2]);
    if (node?.[1] === 'skipped') skipped += Number(node[2]);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
