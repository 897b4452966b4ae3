// @module `pnpm --filter @tokenwire/infra lint`'s second half: what compose and docker build would refuse.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { checkCompose } from './check-compose.js';
import { checkDockerfile } from './check-dockerfile.js';

const infraDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(infraDirectory, '..');
const composePath = join(infraDirectory, 'compose.yaml');
const envExamplePath = join(infraDirectory, '.env.example');
const dockerfiles = ['api.Dockerfile', 'web.Dockerfile'].map((name) =>
  join(infraDirectory, 'docker', name),
);

let problemCount = 0;
const report = (file: string, where: string, message: string): void => {
  problemCount++;
  console.error(`${relative(repositoryRoot, file)}: ${where}: ${message}`);
};

// Compose's own .env syntax for the forms .env.example uses; Node's parser reads it the same way.
const env = parseEnv(readFileSync(envExamplePath, 'utf8'));
const composeProblems = checkCompose(parse(readFileSync(composePath, 'utf8')), {
  env,
  projectDirectory: infraDirectory,
});
for (const problem of composeProblems) report(composePath, problem.path, problem.message);

for (const dockerfile of dockerfiles) {
  const ignorePatterns = readFileSync(`${dockerfile}.dockerignore`, 'utf8').split('\n');
  const problems = checkDockerfile(readFileSync(dockerfile, 'utf8'), {
    contextDirectory: repositoryRoot,
    ignorePatterns,
  });
  for (const problem of problems) report(dockerfile, `line ${problem.line}`, problem.message);
}

const composeVersion = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
if (composeVersion.status === 0) {
  const config = spawnSync(
    'docker',
    ['compose', '--file', composePath, '--env-file', envExamplePath, 'config', '--quiet'],
    { encoding: 'utf8' },
  );
  if (config.status !== 0) report(composePath, 'docker compose config', config.stderr.trim());
  else console.log('docker compose config: valid');
} else {
  console.log('docker compose config: skipped, the docker compose plugin is not installed here');
}

if (problemCount > 0) {
  console.error(`${problemCount} problem(s)`);
  process.exit(1);
}
console.log('compose.yaml and Dockerfiles: no problems compose or docker build would refuse');
