import { describe, expect, it } from 'vitest';
import { createGenerationUrl } from './create-generation-url.js';

describe('createGenerationUrl', () => {
  it('appends the id (and a suffix) to relative and absolute chat URLs, keeping the query', () => {
    expect(createGenerationUrl('/api/chat', 'gen_1')).toBe('/api/chat/gen_1');
    expect(createGenerationUrl('/api/chat/', 'gen_1', '/stop')).toBe('/api/chat/gen_1/stop');
    expect(createGenerationUrl(new URL('https://a.test/api/chat?tenant=t'), 'gen_1')).toBe(
      'https://a.test/api/chat/gen_1?tenant=t',
    );
  });

  it('percent-encodes an id that is not URL-safe', () => {
    expect(createGenerationUrl('/api/chat', 'a/b?c')).toBe('/api/chat/a%2Fb%3Fc');
  });
});
