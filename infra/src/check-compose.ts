import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { findInterpolationProblems } from './find-interpolation-problems.js';

/** Options for {@link checkCompose}. */
export interface CheckComposeOptions {
  /** The variables Compose would interpolate with (the `.env` file, here `.env.example`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths (build contexts, env files) are read from: the compose file's. */
  projectDirectory: string;
}

/** One thing `docker compose` would refuse, with where it is. */
export interface ComposeProblem {
  /** Where in the document, e.g. `services.web.depends_on`. */
  path: string;
  message: string;
}

type Mapping = Record<string, unknown>;

/**
 * Checks a parsed Compose document for what the schema cannot see and `docker compose` refuses
 * at `config` or `up`: required variables left unset, invalid `$` interpolation, references to
 * services, volumes, networks, secrets and configs that are not declared, env files and build
 * contexts that do not exist, and `service_healthy` on a service without a health check.
 *
 * @example
 * checkCompose({ services: { web: { image: 'nginx', depends_on: ['api'] } } }, { env: {}, projectDirectory: '.' });
 * // [{ path: 'services.web.depends_on', message: 'depends on "api", which is not a service' }]
 */
export function checkCompose(document: unknown, options: CheckComposeOptions): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  for (const [path, value] of walkStrings(document, '')) {
    for (const message of findInterpolationProblems(value, options.env)) {
      problems.push({ path, message });
    }
  }
  if (!isMapping(document)) {
    return [...problems, { path: '', message: 'the document is not a mapping' }];
  }
  const services = isMapping(document.services) ? document.services : {};
  const declared = {
    volume: keysOf(document.volumes),
    network: new Set([...keysOf(document.networks), 'default']),
    secret: keysOf(document.secrets),
    config: keysOf(document.configs),
  };
  const serviceNames = new Set(Object.keys(services));

  for (const [name, service] of Object.entries(services)) {
    if (!isMapping(service)) continue;
    const at = (key: string): string => `services.${name}.${key}`;
    const report = (key: string, message: string): void => {
      problems.push({ path: at(key), message });
    };

    for (const [dependency, condition] of dependenciesOf(service.depends_on)) {
      const target = services[dependency];
      if (!serviceNames.has(dependency)) {
        report('depends_on', `depends on "${dependency}", which is not a service`);
      } else if (
        condition === 'service_healthy' &&
        (!isMapping(target) || !hasHealthcheck(target.healthcheck))
      ) {
        report('depends_on', `waits for "${dependency}" to be healthy, but it has no healthcheck`);
      }
    }
    for (const link of asArray(service.links)) {
      const target = String(link).split(':')[0] ?? '';
      if (!serviceNames.has(target))
        report('links', `links to "${target}", which is not a service`);
    }
    for (const source of asArray(service.volumes_from)) {
      const target = String(source).split(':')[0] ?? '';
      if (target === 'container') continue;
      if (!serviceNames.has(target)) {
        report('volumes_from', `takes volumes from "${target}", which is not a service`);
      }
    }
    if (typeof service.network_mode === 'string' && service.network_mode.startsWith('service:')) {
      const target = service.network_mode.slice('service:'.length);
      if (!serviceNames.has(target)) {
        report('network_mode', `shares the network of "${target}", which is not a service`);
      }
    }

    for (const volume of asArray(service.volumes)) {
      const source = namedVolumeOf(volume);
      if (source !== undefined && !declared.volume.has(source)) {
        report(
          'volumes',
          `uses the named volume "${source}", which the top-level volumes do not declare`,
        );
      }
    }
    for (const network of isMapping(service.networks)
      ? Object.keys(service.networks)
      : asArray(service.networks).map(String)) {
      if (!declared.network.has(network)) {
        report(
          'networks',
          `joins the network "${network}", which the top-level networks do not declare`,
        );
      }
    }
    for (const [key, kind] of [
      ['secrets', 'secret'],
      ['configs', 'config'],
    ] as const) {
      for (const entry of asArray(service[key])) {
        const source = isMapping(entry) ? String(entry.source) : String(entry);
        if (!declared[kind].has(source)) {
          report(key, `uses the ${kind} "${source}", which the top-level ${key} do not declare`);
        }
      }
    }

    for (const envFile of envFilesOf(service.env_file)) {
      if (envFile.isRequired && !existsSync(resolve(options.projectDirectory, envFile.path))) {
        report(
          'env_file',
          `reads "${envFile.path}", which does not exist (mark it required: false if optional)`,
        );
      }
    }

    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    if (isMapping(build)) {
      const context = String(build.context ?? '.');
      if (!/^[a-z]+:\/\//.test(context) && !context.startsWith('git@')) {
        const contextDirectory = resolve(options.projectDirectory, context);
        if (!existsSync(contextDirectory)) {
          report('build.context', `builds from "${context}", which does not exist`);
        } else if (build.dockerfile_inline === undefined) {
          const dockerfile = String(build.dockerfile ?? 'Dockerfile');
          const dockerfilePath = isAbsolute(dockerfile)
            ? dockerfile
            : resolve(contextDirectory, dockerfile);
          if (!existsSync(dockerfilePath)) {
            report('build.dockerfile', `"${dockerfile}" does not exist in the build context`);
          }
        }
      }
    } else if (service.image === undefined) {
      report('image', 'has neither image nor build');
    }
  }
  return problems;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function keysOf(value: unknown): Set<string> {
  return new Set(isMapping(value) ? Object.keys(value) : []);
}

function* walkStrings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* walkStrings(item, `${path}[${index}]`);
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      // Extension fields (x-…) are not interpolated unless used through an anchor.
      if (path === '' && key.startsWith('x-')) continue;
      yield* walkStrings(item, path === '' ? key : `${path}.${key}`);
    }
  }
}

function dependenciesOf(dependsOn: unknown): Array<[string, string]> {
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [String(name), 'service_started']);
  if (!isMapping(dependsOn)) return [];
  return Object.entries(dependsOn).map(([name, options]) => [
    name,
    isMapping(options) ? String(options.condition ?? 'service_started') : 'service_started',
  ]);
}

function hasHealthcheck(healthcheck: unknown): boolean {
  return isMapping(healthcheck) && healthcheck.disable !== true && healthcheck.test !== undefined;
}

function namedVolumeOf(volume: unknown): string | undefined {
  if (isMapping(volume)) {
    return volume.type === 'volume' && typeof volume.source === 'string'
      ? volume.source
      : undefined;
  }
  const parts = String(volume).split(':');
  if (parts.length < 2) return undefined;
  const source = parts[0] ?? '';
  // Paths are bind mounts; only a bare name is a named volume.
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source) ? source : undefined;
}

function envFilesOf(envFile: unknown): Array<{ path: string; isRequired: boolean }> {
  const entries = Array.isArray(envFile) ? envFile : envFile === undefined ? [] : [envFile];
  return entries.map((entry) =>
    isMapping(entry)
      ? { path: String(entry.path), isRequired: entry.required !== false }
      : { path: String(entry), isRequired: true },
  );
}
