// `pnpm ci:workspace <name>`: exactly what one job of CI's per-workspace matrix runs, runnable
// locally. Installs the system binaries that workspace's tests drive, then runs its lint,
// typecheck, test and build through turbo (which builds the workspaces it depends on first).
import { execFileSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { listWorkspaces } from './lib/list-workspaces.mjs';

/** System binaries (as scripts/ensure-system-deps.sh names them) a workspace's tests need. */
const systemBinariesOf = {
  // Playwright drives the system Chromium at /usr/bin/chromium.
  '@tokenwire/web': ['chromium'],
  // The proxy tests and the S5 benchmark run a real nginx on a template rendered by envsubst
  // (resume across replicas and R1 share a real redis-server); @tokenwire/testing, which starts
  // both for them, tests its starters against the real binaries. Its certificate for TLS on
  // loopback (S9's distant upstream, the spare connections' tests) is made by openssl.
  '@tokenwire/infra': ['nginx', 'envsubst', 'redis-server'],
  '@tokenwire/bench': ['nginx', 'envsubst', 'redis-server', 'openssl'],
  '@tokenwire/testing': ['nginx', 'envsubst', 'redis-server', 'openssl'],
  // Resumable streams keep their replay buffers in a real redis-server; spare connections are
  // tested against a TLS upstream whose certificate openssl makes.
  '@tokenwire/server': ['redis-server', 'openssl'],
  '@tokenwire/api': ['redis-server'],
};

const root = resolve(import.meta.dirname, '..');
const requested = process.argv[2];
const workspaces = listWorkspaces(root);
const workspace = workspaces.find(
  (project) =>
    project.name === requested ||
    project.name === `@tokenwire/${requested}` ||
    relative(root, project.path) === requested?.replace(/\/$/, ''),
);
if (!workspace) {
  console.error(
    `usage: pnpm ci:workspace <workspace>, one of: ${workspaces.map((project) => project.name).join(', ')}`,
  );
  process.exit(2);
}

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const binaries = systemBinariesOf[workspace.name] ?? [];
if (binaries.length > 0) run('bash', ['scripts/ensure-system-deps.sh', ...binaries]);
try {
  // One task at a time, as `pnpm test` does: the suites start real servers on two shared cores.
  run('pnpm', [
    'exec',
    'turbo',
    'run',
    'lint',
    'typecheck',
    'test',
    'build',
    `--filter=${workspace.name}`,
    '--concurrency=1',
    '--continue',
  ]);
} catch {
  process.exit(1);
}
