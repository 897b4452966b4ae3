import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { affectedWorkspaces } from './affected-workspaces.mjs';

// A throwaway repository shaped like tokenwire: protocol <- client <- react <- web, protocol <- api.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'tokenwire-affected-')));
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const write = (path, text) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const manifest = (name, dependencies = {}) =>
  JSON.stringify({ name, version: '0.1.0', dependencies });
const everyWorkspace = [
  '@tokenwire/api',
  '@tokenwire/client',
  '@tokenwire/protocol',
  '@tokenwire/react',
  '@tokenwire/web',
];
let base;

/** Commits a change to `path` on top of the base and returns what it affects. */
function affectedBy(path) {
  git('checkout', '--quiet', '--detach', base);
  write(path, `changed ${path} at ${Date.now()}\n`);
  git('add', '--all');
  git('commit', '--quiet', '--message', `change ${path}`);
  return affectedWorkspaces({ root, base });
}

before(() => {
  write('package.json', JSON.stringify({ name: 'root', private: true }));
  write('pnpm-workspace.yaml', 'packages:\n  - apps/*\n  - packages/*\n');
  write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  write('README.md', '# root\n');
  write('packages/protocol/package.json', manifest('@tokenwire/protocol'));
  write(
    'packages/client/package.json',
    manifest('@tokenwire/client', { '@tokenwire/protocol': 'workspace:^' }),
  );
  write(
    'packages/react/package.json',
    manifest('@tokenwire/react', { '@tokenwire/client': 'workspace:^' }),
  );
  write('apps/web/package.json', manifest('@tokenwire/web', { '@tokenwire/react': 'workspace:*' }));
  write(
    'apps/api/package.json',
    manifest('@tokenwire/api', { '@tokenwire/protocol': 'workspace:*' }),
  );
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'base');
  base = git('rev-parse', 'HEAD');
});

after(() => rmSync(root, { recursive: true, force: true }));

test('a change in packages/protocol affects protocol and everything that depends on it', () => {
  assert.deepEqual(affectedBy('packages/protocol/src/index.ts'), everyWorkspace);
});

test('a change in packages/client affects client, react and web, not protocol or api', () => {
  assert.deepEqual(affectedBy('packages/client/src/index.ts'), [
    '@tokenwire/client',
    '@tokenwire/react',
    '@tokenwire/web',
  ]);
});

test('a change in apps/web affects only web', () => {
  assert.deepEqual(affectedBy('apps/web/src/main.tsx'), ['@tokenwire/web']);
});

test('a change in the root lockfile affects every workspace', () => {
  assert.deepEqual(affectedBy('pnpm-lock.yaml'), everyWorkspace);
});

test('a change outside every workspace (the README) affects none', () => {
  assert.deepEqual(affectedBy('README.md'), []);
});

test('a base that is not a commit (a new branch has none) affects every workspace', () => {
  assert.deepEqual(
    affectedWorkspaces({ root, base: '0000000000000000000000000000000000000000' }),
    everyWorkspace,
  );
});
