// The release path against a real registry: every public package (all live under packages/) is
// published to a throwaway Verdaccio (no uplinks) with `changeset publish` (through pnpm, so publishConfig
// applies), installed by name with npm into a fresh project outside the workspace and exercised
// there (publint and attw on the registry's tarball, Node imports, tsc types, a stream from the
// mock); only @tokenwire resolves to Verdaccio, React and TypeScript come from npm as for a user. Then one changeset bumps @tokenwire/protocol on a copy of the repo, `changeset version`
// and `changeset publish` run again, and the registry must hold new versions for exactly the
// packages changesets planned: that one and the dependents that must follow it.
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { copyWorktree } from './lib/copy-worktree.mjs';
import { listWorkspaces } from './lib/list-workspaces.mjs';
import { startVerdaccio } from './lib/start-verdaccio.mjs';

const root = resolve(import.meta.dirname, '..');
const bumped = '@tokenwire/protocol';
const keep = Boolean(process.env.KEEP_CONSUMER);

const run = (command, args, cwd, env = {}) =>
  execFileSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
const started = Date.now();
const runAsync = (command, args, cwd) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
const log = (message) =>
  console.log(`registry (${Math.round((Date.now() - started) / 1000)} s): ${message}`);

/** What changeset publish publishes: every workspace not marked private, with its manifest. */
const publicPackagesIn = (directory) =>
  listWorkspaces(directory).filter((project) => !project.manifest.private);

const packages = publicPackagesIn(root);
for (const { name, path } of packages) {
  if (!relative(root, path).startsWith('packages/')) {
    throw new Error(`${name} would be published from outside packages/: mark it private`);
  }
}
const checks = join(root, 'scripts/consumer');
for (const { name, path } of packages) {
  if (!existsSync(join(checks, `${basename(path)}.ts`))) {
    throw new Error(`${name} has no consumer check: add scripts/consumer/${basename(path)}.ts`);
  }
}
log(
  `public packages: ${packages.map(({ name, manifest }) => `${name}@${manifest.version}`).join(', ')}`,
);

// test:all has built everything already (turbo then answers from its cache); REGISTRY_TEST_SKIP_BUILD
// publishes whatever dist/ holds.
if (!process.env.REGISTRY_TEST_SKIP_BUILD) {
  run(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', ...packages.map(({ name }) => `--filter=${name}`)],
    root,
  );
}
// The release job publishes from a checkout; a copy keeps the version bumps and tags off this one.
const copy = copyWorktree(root, {
  prefix: 'tokenwire-release-',
  extraPaths: packages.map(({ path }) => join(relative(root, path), 'dist')),
});
const work = mkdtempSync(join(tmpdir(), 'tokenwire-consumer-'));
// Verdaccio starts in its own process while the copy installs.
const starting = startVerdaccio({ root, scope: '@tokenwire' });
// Awaited below; this only keeps a failed start from counting as unhandled before then.
starting.catch(() => {});
let registry;
try {
  // pnpm publish resolves workspace: ranges from each package's installed siblings. The lockfile
  // is held to the manifests by CI's frozen install, not here.
  run('pnpm', ['install', '--no-frozen-lockfile', '--prefer-offline', '--ignore-scripts'], copy);
  for (const args of [
    ['init', '--quiet', '--initial-branch=main'],
    ['add', '--all'],
    [
      '-c',
      'user.name=registry-test',
      '-c',
      'user.email=registry-test@example.com',
      'commit',
      '--quiet',
      '--message',
      'release',
    ],
  ]) {
    run('git', args, copy);
  }

  registry = await starting;
  log(`verdaccio listens on ${registry.url} (no uplinks, storage in a temp folder)`);
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(
    join(copy, '.npmrc'),
    `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
  );
  const publishEnv = { npm_config_registry: registry.url };
  // The registry's own HTTP API: the packument lists every published version.
  const packumentOf = async (name) => {
    const response = await fetch(`${registry.url}${name.replace('/', '%2f')}`);
    return response.ok ? await response.json() : { versions: {} };
  };
  const versionsOf = async (name) => Object.keys((await packumentOf(name)).versions);

  // 1. The release job's publish: every public package at its current version.
  run('pnpm', ['changeset', 'publish'], copy, publishEnv);
  for (const { name, manifest } of packages) {
    const versions = await versionsOf(name);
    if (versions.join() !== manifest.version) {
      throw new Error(`${name}: the registry has [${versions}], expected [${manifest.version}]`);
    }
  }
  log(`changeset publish published ${packages.length} packages, one version each`);

  // 2. A user's install, by name, from the registry, outside the workspace.
  const tarballs = join(work, 'tarballs');
  const project = join(work, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  const bin = (name) => join(root, 'node_modules/.bin', name);
  await Promise.all(
    packages.map(async ({ name, manifest }) => {
      // What npm users get: the tarball the registry serves, publishConfig applied.
      const { dist } = (await packumentOf(name)).versions[manifest.version];
      const tarball = join(tarballs, basename(new URL(dist.tarball).pathname));
      writeFileSync(tarball, Buffer.from(await (await fetch(dist.tarball)).arrayBuffer()));
      await runAsync(bin('publint'), ['--strict', tarball], root);
      await runAsync(
        bin('attw'),
        [tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
        root,
      );
    }),
  );
  log('publint and attw (esm-only) are clean on every tarball the registry serves');

  const catalog = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const pinned = (name) => {
    const match = catalog.match(new RegExp(`^\\s+"?${name.replace('/', '\\/')}"?: (.+)$`, 'm'));
    if (!match) throw new Error(`${name} is not in the pnpm catalog`);
    return match[1].trim();
  };
  const peers = new Set(
    packages.flatMap(({ manifest }) => Object.keys(manifest.peerDependencies ?? {})),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'tokenwire-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(packages.map(({ name, manifest }) => [name, manifest.version])),
          ...Object.fromEntries([...peers].map((name) => [name, pinned(name)])),
        },
        devDependencies: {
          typescript: pinned('typescript'),
          '@types/node': pinned('@types/node'),
          '@types/react': pinned('@types/react'),
        },
      },
      null,
      2,
    ),
  );
  // As a user points one scope at a private registry; everything else comes from npm as usual.
  writeFileSync(join(project, '.npmrc'), `@tokenwire:registry=${registry.url}\n`);
  const checkFiles = packages.map(({ path }) => `${basename(path)}.ts`);
  for (const file of checkFiles)
    writeFileSync(join(project, file), readFileSync(join(checks, file)));
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
  };
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, outDir: 'out' }, files: checkFiles }),
  );
  log(`npm install ${packages.map(({ name }) => name).join(' ')} in ${project}`);
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    project,
  );
  // One strict tsc run type-checks the checks against the published types and emits them for
  // Node, which strips no types here.
  run('npx', ['tsc', '-p', 'tsconfig.json'], project);
  log(`tsc type-checked ${checkFiles.join(', ')} against the published types`);
  writeFileSync(join(project, 'out', 'package.json'), '{"type":"module"}');
  for (const file of checkFiles)
    process.stdout.write(run('node', [join('out', file.replace(/\.ts$/, '.js'))], project));

  // 3. A changeset for one package, versioned and published the way the release job does.
  for (const file of readdirSync(join(copy, '.changeset'))) {
    if (file.endsWith('.md') && file !== 'README.md') rmSync(join(copy, '.changeset', file));
  }
  writeFileSync(
    join(copy, '.changeset', 'registry-test.md'),
    `---\n'${bumped}': minor\n---\n\nA feature.\n`,
  );
  const before = new Map(packages.map(({ name, manifest }) => [name, manifest.version]));
  run('pnpm', ['changeset', 'version'], copy);
  const after = new Map(
    publicPackagesIn(copy).map(({ name, manifest }) => [name, manifest.version]),
  );
  const planned = [...after]
    .filter(([name, version]) => before.get(name) !== version)
    .map(([name]) => name);
  // What must follow: packages whose dependencies or peerDependencies reach the bumped one.
  const dependsOn = (name, target, seen = new Set()) => {
    const manifest = packages.find((entry) => entry.name === name)?.manifest ?? {};
    return Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).some(
      (dependency) =>
        dependency === target ||
        (!seen.has(dependency) && seen.add(dependency) && dependsOn(dependency, target, seen)),
    );
  };
  if (
    !planned.includes(bumped) ||
    planned.some((name) => name !== bumped && !dependsOn(name, bumped))
  ) {
    throw new Error(`changeset version bumped [${planned}] for a changeset naming only ${bumped}`);
  }
  run(
    'git',
    [
      '-c',
      'user.name=registry-test',
      '-c',
      'user.email=registry-test@example.com',
      'commit',
      '--quiet',
      '--all',
      '--message',
      'Version packages',
    ],
    copy,
  );
  run('pnpm', ['changeset', 'publish'], copy, publishEnv);
  const tags = run('git', ['tag', '--points-at', 'HEAD'], copy).trim().split('\n').filter(Boolean);
  for (const { name } of packages) {
    const expected = planned.includes(name)
      ? [before.get(name), after.get(name)]
      : [before.get(name)];
    const versions = await versionsOf(name);
    if (versions.join() !== expected.join()) {
      throw new Error(`${name}: the registry has [${versions}], expected [${expected}]`);
    }
  }
  if (
    tags.sort().join() !==
    planned
      .map((name) => `${name}@${after.get(name)}`)
      .sort()
      .join()
  ) {
    throw new Error(
      `changeset publish tagged [${tags}], expected the ${planned.length} bumped packages`,
    );
  }
  const unchanged = packages.filter(({ name }) => !planned.includes(name));
  log(
    `a ${bumped} minor changeset published ${planned.map((name) => `${name} ${before.get(name)} -> ${after.get(name)}`).join(', ')}; ` +
      `unchanged on the registry: ${unchanged.map(({ name }) => `${name} ${before.get(name)}`).join(', ') || 'none'}; tags: ${tags.join(', ')}`,
  );
} finally {
  registry ??= await starting.catch(() => undefined);
  await registry?.stop();
  if (keep) log(`kept ${copy} and ${work}`);
  else {
    rmSync(copy, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
