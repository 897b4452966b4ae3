// Packs each publishable package with pnpm (which applies publishConfig), installs the tarballs
// into a throwaway project outside the workspace with npm, then imports them from Node and
// type-checks a consumer with tsc. A package that only works inside the monorepo fails here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = ['protocol', 'client', 'react', 'mock-openai'];
const work = mkdtempSync(join(tmpdir(), 'tokenwire-consumer-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
mkdirSync(tarballs);
mkdirSync(project);

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const dependencies = {};
  for (const name of packages) {
    const directory = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    run('pnpm', ['pack', '--pack-destination', tarballs], directory);
    const tarball = readdirSync(tarballs).find((file) =>
      file.startsWith(`${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}`),
    );
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
    const packed = join(tarballs, tarball);
    // What npm users get: the packed manifest (publishConfig applied) and its files.
    run('pnpm', ['exec', 'publint', '--strict', packed], root);
    run(
      'pnpm',
      ['exec', 'attw', packed, '--profile', 'esm-only', '--format', 'table-flipped'],
      root,
    );
    console.log(`consumer: ${manifest.name} packed; publint and attw (esm-only) are clean`);
    dependencies[manifest.name] = `file:${packed}`;
  }
  const catalog = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const pinned = (name) => {
    const match = catalog.match(new RegExp(`^\\s+"?${name.replace('/', '\\/')}"?: (.+)$`, 'm'));
    if (!match) throw new Error(`${name} is not in the pnpm catalog`);
    return match[1].trim();
  };
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'tokenwire-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...dependencies,
          react: pinned('react'),
          'react-dom': pinned('react-dom'),
        },
        devDependencies: {
          typescript: pinned('typescript'),
          '@types/node': pinned('@types/node'),
          '@types/react': pinned('@types/react'),
        },
        // The packed manifests name their siblings by version; these are not on the registry yet.
        overrides: dependencies,
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(project, 'consumer.ts'),
    readFileSync(join(root, 'scripts/consumer/consumer.ts')),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        strict: true,
        noEmit: true,
      },
      files: ['consumer.ts'],
    }),
  );
  console.log(`consumer: installing ${packages.length} tarballs into ${project}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);
  run('npx', ['tsc', '-p', 'tsconfig.json'], project);
  console.log('consumer: tsc type-checked consumer.ts against the published types');
  // Node strips nothing here: compile the one file to JS with tsc and run it.
  run(
    'npx',
    [
      'tsc',
      'consumer.ts',
      '--outDir',
      'out',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--types',
      'node',
      '--skipLibCheck',
    ],
    project,
  );
  writeFileSync(join(project, 'out', 'package.json'), '{"type":"module"}');
  process.stdout.write(run('node', ['out/consumer.js'], project));
} finally {
  if (!process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
}
