import { describe, expect, it } from 'vitest';
import { type ContentTypeSource, contentTypeOf, readContentType } from './read-content-type.js';

describe('readContentType', () => {
  it("reads a plain response's Content-Type header, or null", () => {
    const typed = new Response('', { headers: { 'content-type': 'text/event-stream' } });
    expect(readContentType(typed)).toBe('text/event-stream');
    expect(readContentType(new Response(null))).toBeNull();
  });

  it('asks a response that can tell its content type itself, without its headers', () => {
    class Told extends Response implements ContentTypeSource {
      override get headers(): Headers {
        throw new Error('headers read');
      }

      [contentTypeOf](): string | null {
        return 'text/event-stream; charset=utf-8';
      }
    }
    expect(readContentType(new Told(null))).toBe('text/event-stream; charset=utf-8');
  });
});
