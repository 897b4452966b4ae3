// Which workspaces a change touches, for CI's per-workspace matrix: pnpm's own graph gives the
// changed workspaces and everything that depends on them (`--filter "...[base]"`); this adds what
// pnpm cannot know, that a change to a file every workspace builds with affects all of them.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listWorkspaces } from './lib/list-workspaces.mjs';

/**
 * Root files that change how every workspace installs, builds or is checked: the lockfile and
 * the workspace manifest (dependency versions, catalog, patches), turbo's and Biome's configs,
 * and what the CI job itself runs.
 */
export const globalFiles = [
  /^pnpm-lock\.yaml$/,
  /^pnpm-workspace\.yaml$/,
  /^package\.json$/,
  /^turbo\.json$/,
  /^biome\.json$/,
  /^\.npmrc$/,
  /^\.github\/workflows\/ci\.yml$/,
  /^scripts\/ci-workspace\.mjs$/,
  /^scripts\/ensure-system-deps\.sh$/,
];

/**
 * The names of the workspaces affected by the changes since `base` (a commit, branch or tag),
 * sorted. Every workspace when a global file changed or when `base` is not a known commit (a
 * new branch's first push has nothing to compare against).
 *
 * @example
 * affectedWorkspaces({ root: '/work/main', base: 'origin/main' });
 * // ['@tokenwire/client', '@tokenwire/protocol', '@tokenwire/react', '@tokenwire/web', …]
 */
export function affectedWorkspaces({ root, base }) {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const all = listWorkspaces(root).map((project) => project.name);
  let changedFiles;
  try {
    git('rev-parse', '--verify', '--quiet', `${base}^{commit}`);
    changedFiles = git('diff', '--name-only', base).split('\n').filter(Boolean);
  } catch {
    return all.sort();
  }
  if (changedFiles.some((file) => globalFiles.some((pattern) => pattern.test(file)))) {
    return all.sort();
  }
  const selected = JSON.parse(
    execFileSync('pnpm', ['--filter', `...[${base}]`, 'ls', '--depth', '-1', '--json'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  // A change outside every workspace (README, scripts) selects the root project: not a workspace.
  return selected
    .filter((project) => project.path !== root)
    .map((project) => project.name)
    .sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node scripts/affected-workspaces.mjs <base commit or ref>');
    process.exit(2);
  }
  const root = resolve(import.meta.dirname, '..');
  console.log(JSON.stringify(affectedWorkspaces({ root, base })));
}
