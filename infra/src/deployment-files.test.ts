import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkCompose } from './check-compose.js';
import { checkDockerfile } from './check-dockerfile.js';

const infraDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(infraDirectory, '..');
const composeText = readFileSync(join(infraDirectory, 'compose.yaml'), 'utf8');
const compose = parse(composeText) as {
  services: Record<
    string,
    { build: { context: string; dockerfile: string }; [key: string]: unknown }
  >;
};
const envExample = parseEnv(readFileSync(join(infraDirectory, '.env.example'), 'utf8'));
const dclint = join(infraDirectory, 'node_modules/.bin/dclint');

function runDclint(path: string): { status: number | null; output: string } {
  const result = spawnSync(dclint, [path, '--color=false'], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function withTemporaryFile<T>(
  name: string,
  text: string,
  use: (path: string, directory: string) => T | Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'tokenwire-infra-'));
  try {
    const path = join(directory, name);
    await writeFile(path, text);
    return await use(path, directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('compose.yaml', () => {
  test('passes dclint, which validates it against the Compose Specification schema', () => {
    const result = runDclint(join(infraDirectory, 'compose.yaml'));
    expect(result.output).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
  });

  test('dclint fails a file the schema refuses (so the check above can fail)', async () => {
    const broken =
      'services:\n  web:\n    image: nginx:1.29\n    helthcheck:\n      test: ["CMD", "true"]\n';
    await withTemporaryFile('compose.yaml', broken, (path) => {
      const result = runDclint(path);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/invalid-schema|helthcheck/);
    });
  });

  test('has nothing compose would refuse, with .env.example as .env and with no .env at all', () => {
    expect(checkCompose(compose, { env: envExample, projectDirectory: infraDirectory })).toEqual(
      [],
    );
    expect(checkCompose(compose, { env: {}, projectDirectory: infraDirectory })).toEqual([]);
  });

  test('documents in .env.example every variable compose.yaml interpolates', () => {
    const names = new Set(
      [...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]),
    );
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(Object.keys(envExample), name).toContain(name);
  });

  test('runs both services with health checks and a restart policy, nginx after a healthy API', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.healthcheck, name).toMatchObject({ test: expect.any(Array) });
    }
    expect(compose.services.web?.depends_on).toMatchObject({
      api: { condition: 'service_healthy' },
    });
    expect(compose.services.web?.environment).toMatchObject({
      API_UPSTREAM: 'api:8787',
      NGINX_PORT: '8080',
      WEB_ROOT: '/usr/share/nginx/html',
    });
  });

  test('lets the API drain streams for longer than its own SHUTDOWN_GRACE_MS before a SIGKILL', () => {
    const grace = /^\$\{API_STOP_GRACE_PERIOD:-(\d+)s\}$/.exec(
      String(compose.services.api?.stop_grace_period),
    );
    expect(Number(grace?.[1])).toBeGreaterThan(10);
    expect(envExample.API_STOP_GRACE_PERIOD).toBe(`${grace?.[1]}s`);
  });

  test('the lint script passes, and notes when docker compose config cannot run here', () => {
    const result = spawnSync(
      join(infraDirectory, 'node_modules/.bin/tsx'),
      ['--conditions=@tokenwire/source', join(infraDirectory, 'src/validate-deployment-cli.ts')],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/docker compose config: (valid|skipped)/);
  });
});

describe('checkCompose', () => {
  const check = (document: unknown, env: Record<string, string> = {}) =>
    checkCompose(document, { env, projectDirectory: infraDirectory }).map(
      (problem) => `${problem.path}: ${problem.message}`,
    );

  test('reports a required variable that is unset, or empty for :?', () => {
    const document = {
      services: {
        api: { image: 'node:24', environment: { KEY: '${OPENAI_API_KEY:?set it in .env}' } },
      },
    };
    expect(check(document)).toEqual([
      'services.api.environment.KEY: OPENAI_API_KEY is required: set it in .env',
    ]);
    expect(check(document, { OPENAI_API_KEY: '' })).toHaveLength(1);
    expect(check(document, { OPENAI_API_KEY: 'sk-test' })).toEqual([]);
    expect(check({ services: { api: { image: 'x:${TAG?}' } } }, { TAG: '' })).toEqual([]);
  });

  test('follows defaults only where compose would use them, and refuses a lone $', () => {
    const nested = { services: { api: { image: 'node:${TAG:-${FALLBACK:?no tag}}' } } };
    expect(check(nested)).toEqual(['services.api.image: FALLBACK is required: no tag']);
    expect(check(nested, { TAG: '24' })).toEqual([]);
    expect(check({ services: { api: { image: 'node:24', command: 'echo $ 5' } } })).toEqual([
      'services.api.command: invalid interpolation: a lone "$" in "echo $ 5" (write "$$")',
    ]);
    expect(check({ services: { api: { image: 'node:24', command: 'echo $$ $HOME' } } })).toEqual(
      [],
    );
  });

  test('reports depends_on, links and network_mode naming no service', () => {
    const document = {
      services: {
        web: {
          image: 'nginx:1.29',
          depends_on: {
            api: { condition: 'service_started' },
            db: { condition: 'service_started' },
          },
          links: ['cache'],
          network_mode: 'service:proxy',
        },
        api: { image: 'node:24' },
      },
    };
    expect(check(document)).toEqual([
      'services.web.depends_on: depends on "db", which is not a service',
      'services.web.links: links to "cache", which is not a service',
      'services.web.network_mode: shares the network of "proxy", which is not a service',
    ]);
    expect(check({ services: { web: { image: 'nginx:1.29', depends_on: ['api'] } } })).toEqual([
      'services.web.depends_on: depends on "api", which is not a service',
    ]);
  });

  test('reports waiting for a healthy service that has no healthcheck', () => {
    const document = {
      services: {
        web: { image: 'nginx:1.29', depends_on: { api: { condition: 'service_healthy' } } },
        api: { image: 'node:24' },
      },
    };
    expect(check(document)).toEqual([
      'services.web.depends_on: waits for "api" to be healthy, but it has no healthcheck',
    ]);
  });

  test('reports named volumes, networks and secrets the top level does not declare', () => {
    const document = {
      services: {
        api: {
          image: 'node:24',
          volumes: [
            'data:/data',
            './local:/local',
            '/abs:/abs',
            { type: 'volume', source: 'cache', target: '/c' },
          ],
          networks: ['backend'],
          secrets: ['openai_key'],
        },
      },
      volumes: { data: {} },
    };
    expect(check(document)).toEqual([
      'services.api.volumes: uses the named volume "cache", which the top-level volumes do not declare',
      'services.api.networks: joins the network "backend", which the top-level networks do not declare',
      'services.api.secrets: uses the secret "openai_key", which the top-level secrets do not declare',
    ]);
  });

  test('reports a required env_file or a build context that does not exist', () => {
    const document = {
      services: {
        api: { build: { context: 'nowhere' }, env_file: ['missing.env'] },
        web: {
          build: { context: '..', dockerfile: 'infra/docker/nope.Dockerfile' },
          env_file: [{ path: '.env', required: false }],
        },
      },
    };
    expect(check(document)).toEqual([
      'services.api.env_file: reads "missing.env", which does not exist (mark it required: false if optional)',
      'services.api.build.context: builds from "nowhere", which does not exist',
      'services.web.build.dockerfile: "infra/docker/nope.Dockerfile" does not exist in the build context',
    ]);
  });
});

describe('Dockerfiles', () => {
  const dockerfiles = Object.entries(compose.services).map(([name, service]) => {
    const path = join(infraDirectory, service.build.context, service.build.dockerfile);
    return { name, path, text: readFileSync(path, 'utf8') };
  });

  test.each(dockerfiles)(
    '$name: multi-stage, non-root, every COPY source in the context and not ignored',
    ({ path, text }) => {
      const ignorePatterns = readFileSync(`${path}.dockerignore`, 'utf8').split('\n');
      expect(checkDockerfile(text, { contextDirectory: repositoryRoot, ignorePatterns })).toEqual(
        [],
      );
    },
  );

  test('the API image ships `pnpm deploy` output on a slim Node, not the workspace', () => {
    const api = dockerfiles.find((dockerfile) => dockerfile.name === 'api')?.text ?? '';
    expect(api).toMatch(/pnpm --filter @tokenwire\/api deploy --prod/);
    const finalStage = api.slice(api.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^\nFROM node:\$\{NODE_VERSION\}-alpine/);
    expect(finalStage).toMatch(/^USER 1000:1000$/m);
    expect(finalStage).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  test("the web image is the official nginx with this package's template and main config", () => {
    const web = dockerfiles.find((dockerfile) => dockerfile.name === 'web')?.text ?? '';
    const finalStage = web.slice(web.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^\nFROM nginx:\$\{NGINX_VERSION\}-alpine/);
    expect(finalStage).toContain('COPY infra/nginx/templates/ /etc/nginx/templates/');
    expect(finalStage).toContain('COPY infra/nginx/nginx.conf /etc/nginx/nginx.conf');
    expect(finalStage).toMatch(/^USER 101:101$/m);
  });

  test('checkDockerfile reports a single root stage, a missing or ignored COPY source, shell-form CMD', async () => {
    const context = await mkdtemp(join(tmpdir(), 'tokenwire-context-'));
    try {
      await writeFile(join(context, 'package.json'), '{}');
      await mkdir(join(context, 'app', 'dist'), { recursive: true });
      const bad = [
        'FROM node',
        'COPY package.json does-not-exist.json ./',
        'COPY app/dist ./public',
        'COPY --from=builder /out /app',
        'CMD node main.js',
      ].join('\n');
      const messages = checkDockerfile(bad, {
        contextDirectory: context,
        ignorePatterns: ['**/dist'],
      }).map((problem) => `${problem.line}: ${problem.message}`);
      expect(messages).toEqual([
        '1: "node" has no explicit tag (or uses latest)',
        '2: COPY source "does-not-exist.json" does not exist in the build context',
        '3: COPY source "app/dist" is excluded by the .dockerignore',
        '4: --from=builder names no earlier stage',
        '5: CMD in shell form: /bin/sh becomes PID 1 and SIGTERM never reaches the program',
        '1: a single stage: build tools end up in the final image',
        '1: the final stage has no USER: the process runs as root',
      ]);
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  });

  test('checkDockerfile reports a final stage running as root or copying the whole context', () => {
    const bad = [
      'FROM node:24 AS build',
      'RUN true',
      'FROM node:24-alpine',
      'COPY . .',
      'USER root',
    ].join('\n');
    expect(
      checkDockerfile(bad, { contextDirectory: repositoryRoot }).map((problem) => problem.message),
    ).toEqual([
      'the final stage runs as root, which is root',
      'the final stage copies the whole build context: keep it to what runs',
    ]);
  });
});
