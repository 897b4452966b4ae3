import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@tokenwire/api';
import { findNginx, renderTemplate } from '@tokenwire/testing';
import { describe, expect, test } from 'vitest';
import { templateVariables } from './template-variables.js';
import { shippedTemplate } from './test-support/start-stack.js';

const nginxConfPath = join(dirname(fileURLToPath(import.meta.url)), '../nginx/nginx.conf');
const variables = {
  API_UPSTREAM: '127.0.0.1:8787',
  NGINX_PORT: '127.0.0.1:8080',
  WEB_ROOT: '/usr/share/nginx/html',
};

/** The value of a directive in the /api/ location (or anywhere, for ones that appear once). */
function directive(name: string): string {
  const matches = [...shippedTemplate.matchAll(new RegExp(`^\\s*${name}\\s+([^;]+);`, 'gm'))];
  expect(matches, name).toHaveLength(1);
  return matches[0]?.[1] ?? '';
}

function apiLocation(): string {
  const start = shippedTemplate.indexOf('location /api/ {');
  return shippedTemplate.slice(start, shippedTemplate.indexOf('\n    }', start));
}

describe('default.conf.template', () => {
  test('references exactly API_UPSTREAM, NGINX_PORT and WEB_ROOT', () => {
    expect(templateVariables(shippedTemplate)).toEqual(['API_UPSTREAM', 'NGINX_PORT', 'WEB_ROOT']);
  });

  test("renders with envsubst as the official image does, leaving nginx's own $variables alone", () => {
    const rendered = renderTemplate(shippedTemplate, variables);
    expect(rendered).not.toMatch(/\$\{/);
    for (const nginxVariable of [
      '$host',
      '$remote_addr',
      '$proxy_add_x_forwarded_for',
      '$scheme',
      '$uri',
    ]) {
      expect(rendered).toContain(nginxVariable);
    }
  });

  test("keeps the stream's read timeout well above the API's heartbeat interval", () => {
    const heartbeatSeconds = loadConfig({}).heartbeatMs / 1000;
    const readTimeout = /^(\d+)s$/.exec(directive('proxy_read_timeout'));
    expect(readTimeout).not.toBeNull();
    expect(Number(readTimeout?.[1])).toBeGreaterThanOrEqual(4 * heartbeatSeconds);
  });

  test("limits request bodies to exactly the API's MAX_BODY_BYTES default", () => {
    const size = /^(\d+)m$/.exec(directive('client_max_body_size'));
    expect(Number(size?.[1]) * 1024 * 1024).toBe(loadConfig({}).maxBodyBytes);
  });

  test('turns off everything that could hold a stream back in the /api/ location', () => {
    const location = apiLocation();
    for (const line of [
      'proxy_buffering off;',
      'proxy_cache off;',
      'gzip off;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_ignore_client_abort off;',
    ]) {
      expect(location, line).toContain(line);
    }
  });

  test('passes nginx -t inside the shipped nginx.conf, as the container runs it', async () => {
    const nginxPath = findNginx();
    expect(nginxPath, 'nginx missing: apt-get install nginx').toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'tokenwire-nginx-t-'));
    try {
      await chmod(directory, 0o755);
      const renderedPath = join(directory, 'default.conf');
      await writeFile(renderedPath, renderTemplate(shippedTemplate, variables));
      const shipped = readFileSync(nginxConfPath, 'utf8');
      expect(shipped).toContain('include /etc/nginx/conf.d/*.conf;');
      // The container's paths, moved into a temporary folder; nothing else changes.
      const config = shipped
        .replaceAll('/tmp/', `${directory}/`)
        .replace('include /etc/nginx/conf.d/*.conf;', `include ${renderedPath};`);
      const configPath = join(directory, 'nginx.conf');
      await writeFile(configPath, config);
      const result = spawnSync(
        nginxPath ?? 'nginx',
        ['-t', '-p', directory, '-c', configPath, '-e', 'stderr'],
        {
          encoding: 'utf8',
          // access_log goes to /dev/stdout as in the container; here that is /dev/null.
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      expect(result.stderr).toMatch(/syntax is ok/);
      expect(result.status, result.stderr).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('templateVariables', () => {
  test('lists braced references once each, sorted', () => {
    expect(templateVariables('${B} ${A} $host ${B}')).toEqual(['A', 'B']);
  });
});
