import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceConfig } from './index.js';

test('puts the source condition first and keeps the Vite defaults after it', () => {
  assert.equal(sourceConfig.resolve.conditions[0], '@tokenwire/source');
  assert.ok(sourceConfig.resolve.conditions.includes('browser'));
  assert.equal(sourceConfig.ssr.resolve.conditions[0], '@tokenwire/source');
  assert.ok(sourceConfig.ssr.resolve.conditions.includes('node'));
});
