import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestSourceMtime } from './newest-mtime.js';

/** What {@link ensureBuilt} found. */
export interface BuildState {
  isApiBuilt: boolean;
  apiProblem: string | undefined;
}

/**
 * The systems run as plain `node` processes from `dist/` (as in production, and without tsx's
 * loader thread in their memory figures), so their builds must match the sources. `pnpm bench`
 * builds through turbo first; `pnpm --filter @tokenwire/bench bench` does not, so stale or
 * missing builds are rebuilt here.
 *
 * @example
 * const state = ensureBuilt({ repoDirectory, benchDirectory, isSkipped: false, log: console.error });
 */
export function ensureBuilt(options: {
  repoDirectory: string;
  benchDirectory: string;
  isSkipped: boolean;
  log: (line: string) => void;
}): BuildState {
  const { repoDirectory, benchDirectory } = options;
  const outputs = (paths: string[]) =>
    paths.every((path) => existsSync(path))
      ? Math.min(...paths.map((path) => statSync(path).mtimeMs))
      : -1;
  const benchOutput = outputs([
    join(benchDirectory, 'dist/systems/node-pipe-server.js'),
    join(benchDirectory, 'dist/systems/openai-readable-server.js'),
  ]);
  const apiEntry = join(repoDirectory, 'apps/api/dist/main.js');
  const apiOutput = outputs([
    apiEntry,
    join(repoDirectory, 'packages/protocol/dist/index.js'),
    join(repoDirectory, 'packages/mock-openai/dist/index.js'),
  ]);
  const apiSources = Math.max(
    ...['apps/api/src', 'packages/protocol/src', 'packages/mock-openai/src'].map((path) =>
      newestSourceMtime(join(repoDirectory, path)),
    ),
  );
  const run = (filter: string) => {
    options.log(`building ${filter} (dist/ missing or older than src/)`);
    const result = spawnSync('pnpm', ['--filter', filter, 'build'], {
      cwd: repoDirectory,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`.trim();
  };

  if (!options.isSkipped && benchOutput < newestSourceMtime(join(benchDirectory, 'src'))) {
    const problem = run('@tokenwire/bench');
    if (problem) throw new Error(`the bench's own servers do not build:\n${problem}`);
  }
  let apiProblem: string | undefined;
  if (!options.isSkipped && apiOutput < apiSources) apiProblem = run('@tokenwire/api...');
  if (!existsSync(apiEntry)) apiProblem ??= `${apiEntry} does not exist`;
  if (apiProblem)
    options.log(`tokenwire's API is not built: ${apiProblem.split('\n').slice(-15).join('\n')}`);
  return { isApiBuilt: apiProblem === undefined, apiProblem: apiProblem?.split('\n')[0] };
}
