import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@tokenwire/api';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import { type RunningNginx, renderTemplate, startNginx } from '@tokenwire/testing';

/** The template as shipped, read once. */
export const templatePath = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../nginx/templates/default.conf.template',
);
export const shippedTemplate = readFileSync(templatePath, 'utf8');

/** A hashed asset big enough for gzip (`gzip_min_length`), as Vite would emit it. */
export const assetText = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => `word${index}`))};\n`;
export const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>\n';

/** A temporary WEB_ROOT shaped like apps/web/dist. */
export async function createWebRoot(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'tokenwire-web-'));
  // nginx's workers run as `nobody` when the tests run as root.
  await chmod(path, 0o755);
  await mkdir(join(path, 'assets'), { mode: 0o755 });
  await writeFile(join(path, 'index.html'), indexHtml, { mode: 0o644 });
  await writeFile(join(path, 'assets', 'app-abc123.js'), assetText, { mode: 0o644 });
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Replaces one directive of the shipped template for a test, failing loudly when the template
 * no longer contains it, so a test can never pass against a config it did not mean to run.
 */
export function overrideDirective(template: string, from: string, to: string): string {
  const count = template.split(from).length - 1;
  if (count !== 1)
    throw new Error(`expected "${from}" once in the template, found it ${count} times`);
  return template.replace(from, to);
}

/** Renders a template as the official image would and starts nginx with it. */
export function startNginxWith(
  template: string,
  variables: { API_UPSTREAM: string; WEB_ROOT: string },
): Promise<RunningNginx> {
  return startNginx({
    httpConfig: (listen) => renderTemplate(template, { ...variables, NGINX_PORT: listen }),
  });
}

/** The real API on a free loopback port, in front of the given demo upstream (or its own). */
export async function startApi(
  options: { mock?: MockOpenAI; env?: Record<string, string> } = {},
): Promise<{ url: string; hostPort: string; close(): Promise<void> }> {
  const env: Record<string, string> = {
    RATE_LIMIT_PER_MINUTE: '0',
    SHUTDOWN_GRACE_MS: '0',
    LOG_LEVEL: 'silent',
    ...(options.mock ? { OPENAI_BASE_URL: options.mock.url, OPENAI_API_KEY: 'test' } : {}),
    ...options.env,
  };
  const server = await startServer({ env, port: 0, host: '127.0.0.1', logger: false });
  return { url: server.url, hostPort: `127.0.0.1:${server.port}`, close: () => server.close() };
}

/** The demo upstream at its default pace (about 40 tokens a second). */
export function startDemoUpstream(): Promise<MockOpenAI> {
  return startMockOpenAI({ host: '127.0.0.1', port: 0 });
}

/** A chat request body whose last user message carries a mock directive. */
export function chatBody(directive: string): string {
  return JSON.stringify({
    messages: [{ role: 'user', content: `Tell me about streaming. [mock ${directive}]` }],
  });
}
