import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { findNginx } from '@tokenwire/testing';

/** The sources the measured systems are built from. */
const MEASURED_PATHS = ['apps/api', 'packages/protocol', 'packages/mock-openai', 'bench/src'];

/** Where and with what a run was measured (BENCHMARKS.md's "machine" and "versions"). */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  loadAverage: number[];
  node: string;
  nginx: string | undefined;
  packages: Record<string, string>;
  commit: string | undefined;
  /** Why the load process is not pinned, when it is not. */
  pinning: string | undefined;
}

/**
 * Collects the machine and versions a run was measured on.
 *
 * @example
 * describeMachine({ repoDirectory, benchDirectory, pinning: undefined }).cores; // 2
 */
export function describeMachine(options: {
  repoDirectory: string;
  benchDirectory: string;
  pinning: string | undefined;
}): MachineDescription {
  // Read the manifests as files: not every package exports `./package.json`.
  const versionOf = (name: string): string => {
    try {
      const path = join(options.benchDirectory, 'node_modules', name, 'package.json');
      return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const apiVersion = (
    JSON.parse(readFileSync(join(options.repoDirectory, 'apps/api/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const nginxBinary = findNginx();
  const nginx = nginxBinary
    ? spawnSync(nginxBinary, ['-v'], { encoding: 'utf8' })
        .stderr.trim()
        .replace('nginx version: nginx/', '')
    : undefined;
  let commit: string | undefined;
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: options.repoDirectory, encoding: 'utf8' }).trim();
    commit = git('rev-parse', '--short', 'HEAD');
    // The systems run from the working tree's builds: say when it differs from the commit.
    const changed = git('status', '--porcelain', '--', ...MEASURED_PATHS);
    if (changed !== '') commit += ' + uncommitted changes to the measured sources';
  } catch {
    commit = undefined;
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    nginx,
    packages: {
      '@tokenwire/api': apiVersion,
      hono: versionOf('hono'),
      '@hono/node-server': versionOf('@hono/node-server'),
      openai: versionOf('openai'),
    },
    commit,
    pinning: options.pinning,
  };
}
