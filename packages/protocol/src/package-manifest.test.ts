import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('package.json', () => {
  it('has no runtime dependencies: the protocol runs on Web APIs alone', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
  });

  it('publishes ESM only, types first, from dist', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    const published = (manifest.publishConfig as { exports: Record<string, unknown> }).exports;
    expect(Object.keys(published['.'] as object)).toEqual(['types', 'default']);
    expect(published['./package.json']).toBe('./package.json');
  });
});
