import { describe, expect, it } from 'vitest';
import { resolveApiUrl } from './api-url.js';

describe('resolveApiUrl', () => {
  it('talks to /api/chat on its own origin when VITE_API_URL is unset or blank', () => {
    expect(resolveApiUrl(undefined)).toBe('/api/chat');
    expect(resolveApiUrl('  ')).toBe('/api/chat');
  });

  it('appends /api/chat to an origin and /chat to an /api base', () => {
    expect(resolveApiUrl('https://api.example.com')).toBe('https://api.example.com/api/chat');
    expect(resolveApiUrl('https://api.example.com/')).toBe('https://api.example.com/api/chat');
    expect(resolveApiUrl('https://example.com/api/')).toBe('https://example.com/api/chat');
  });

  it('keeps a URL that already names the chat endpoint', () => {
    expect(resolveApiUrl('https://example.com/v2/chat')).toBe('https://example.com/v2/chat');
  });
});
