import { describe, expect, test } from 'vitest';
import { parseEnvFile } from './parse-env-file.js';

describe('parseEnvFile', () => {
  test('reads plain, exported, quoted and empty values, and drops comments', () => {
    const text = [
      '# a comment',
      'PORT=8787',
      'export HOST=0.0.0.0',
      'OPENAI_MODEL="gpt-4o-mini" # trailing comment',
      "GREETING='a # kept'",
      'EMPTY=',
      'URL=http://host:11434/v1#not-a-comment',
      'NAME_ONLY',
      '',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      PORT: '8787',
      HOST: '0.0.0.0',
      OPENAI_MODEL: 'gpt-4o-mini',
      GREETING: 'a # kept',
      EMPTY: '',
      URL: 'http://host:11434/v1#not-a-comment',
    });
  });
});
