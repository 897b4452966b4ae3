import { describe, expect, test } from 'vitest';
import { parseDockerfile } from './parse-dockerfile.js';

describe('parseDockerfile', () => {
  test('joins continuation lines, skips comments inside them, and keeps the starting line', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM node:24-alpine AS build',
      '',
      'RUN echo a \\',
      '  # a comment inside the continuation',
      '  && echo b',
      'copy . .',
    ].join('\n');
    expect(parseDockerfile(text)).toEqual([
      { keyword: 'FROM', arguments: 'node:24-alpine AS build', line: 2 },
      { keyword: 'RUN', arguments: 'echo a  && echo b', line: 4 },
      { keyword: 'COPY', arguments: '. .', line: 7 },
    ]);
  });
});
