import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;

/** Every source file the main entry may reach: all of src but the Node and Redis subpaths. */
function coreSources(directory = new URL('.', import.meta.url).pathname): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return ['node', 'redis', 'test-support'].includes(entry.name) ? [] : coreSources(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

describe('package.json', () => {
  it('publishes ESM only, types first, from dist, with the node and redis subpaths', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    const published = (manifest.publishConfig as { exports: Record<string, object> }).exports;
    expect(Object.keys(published)).toEqual(['.', './node', './redis', './package.json']);
    for (const entry of ['.', './node', './redis']) {
      expect(Object.keys(published[entry] as object)).toEqual(['types', 'default']);
    }
  });

  it('depends on the protocol alone; openai is a peer, ioredis an optional one, no web framework', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['@tokenwire/protocol']);
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(['ioredis', 'openai']);
    expect(manifest.peerDependenciesMeta).toEqual({ ioredis: { optional: true } });
    const everything = JSON.stringify(manifest);
    for (const framework of ['"hono"', '"express"', '"fastify"']) {
      expect(everything).not.toContain(framework);
    }
  });

  it('keeps node: imports and Node globals out of the main entry', () => {
    const sources = coreSources();
    expect(sources.length).toBeGreaterThan(15);
    for (const path of sources) {
      // Code only: comments may name Node's APIs to say why this code does not use them.
      const text = readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(text, path).not.toMatch(/from 'node:/);
      expect(text, path).not.toMatch(/\bBuffer\.|\bprocess\./);
    }
  });
});
