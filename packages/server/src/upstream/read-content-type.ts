/**
 * The method a `Response` may have to tell its content type without building its `Headers`:
 * `createNodeFetch` builds a 2xx response's `Headers` only when someone reads them, and a
 * streamed answer is only asked for this one.
 */
export const contentTypeOf: unique symbol = Symbol('tokenwire.contentTypeOf');

/** A `Response` with {@link contentTypeOf}. */
export interface ContentTypeSource {
  [contentTypeOf](): string | null;
}

/**
 * `response.headers.get('content-type')`, from the response's own {@link contentTypeOf} when it
 * has one.
 *
 * @example
 * readContentType(new Response('', { headers: { 'content-type': 'text/event-stream' } })); // 'text/event-stream'
 */
export function readContentType(response: Response): string | null {
  const source = response as Response & Partial<ContentTypeSource>;
  const own = source[contentTypeOf];
  return typeof own === 'function' ? own.call(source) : response.headers.get('content-type');
}
