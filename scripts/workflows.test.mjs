import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// What GitHub cannot be asked here: that the workflows run the commands this repository tests.
const root = join(import.meta.dirname, '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const ci = read('.github/workflows/ci.yml');
const release = read('.github/workflows/release.yml');
const manifest = JSON.parse(read('package.json'));

test('each matrix job runs exactly pnpm ci:workspace for its workspace, as a developer can locally', () => {
  assert.match(ci, /workspace: \$\{\{ fromJSON\(needs\.affected\.outputs\.workspaces\) \}\}/);
  assert.match(ci, /run: pnpm ci:workspace "\$WORKSPACE"/);
  assert.equal(manifest.scripts['ci:workspace'], 'node scripts/ci-workspace.mjs');
});

test('the affected job computes the matrix with scripts/affected-workspaces.mjs against the base', () => {
  assert.match(ci, /node scripts\/affected-workspaces\.mjs "\$BASE"/);
  assert.match(ci, /fetch-depth: 0/);
});

test('the repository job runs the root lint, the changeset check and these tests', () => {
  for (const command of [
    'pnpm lint:repo',
    'node scripts/check-changesets.mjs',
    'pnpm test:scripts',
    'pnpm install --frozen-lockfile',
  ]) {
    assert.ok(
      ci.includes(command) || read('.github/actions/setup/action.yml').includes(command),
      command,
    );
  }
});

test('the release publishes through pnpm with changesets, with provenance and an OIDC token', () => {
  assert.match(release, /publish: pnpm changeset publish/);
  assert.match(release, /version: pnpm changeset version/);
  assert.match(release, /id-token: write/);
  assert.match(release, /NPM_CONFIG_PROVENANCE: true/);
  assert.match(release, /uses: changesets\/action@v1/);
});
