// The workspace's projects as pnpm sees them (pnpm-workspace.yaml globs, no install needed).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lists every workspace project under `root` (the root itself excluded) with its manifest.
 *
 * @example
 * listWorkspaces('/work/main').filter((project) => !project.manifest.private);
 * // [{ name: '@tokenwire/client', path: '/work/main/packages/client', manifest: {…} }, …]
 */
export function listWorkspaces(root) {
  const projects = JSON.parse(
    execFileSync('pnpm', ['ls', '--recursive', '--depth', '-1', '--json'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    }),
  );
  return projects
    .filter((project) => project.path !== root)
    .map((project) => ({
      name: project.name,
      path: project.path,
      manifest: JSON.parse(readFileSync(join(project.path, 'package.json'), 'utf8')),
    }));
}
