/**
 * The URL of one generation under a chat URL, as PROTOCOL.md §11 names it: `/api/chat` +
 * `gen_1` → `/api/chat/gen_1` (resume), + `/stop` → `/api/chat/gen_1/stop`. A query string on the
 * chat URL (a tenant, a key) is kept; the id is percent-encoded, since it is server-defined.
 */
export function createGenerationUrl(url: string | URL, generationId: string, suffix = ''): string {
  const href = String(url);
  const pathEnd = href.search(/[?#]/);
  const path = pathEnd === -1 ? href : href.slice(0, pathEnd);
  const rest = pathEnd === -1 ? '' : href.slice(pathEnd);
  return `${path.replace(/\/+$/, '')}/${encodeURIComponent(generationId)}${suffix}${rest}`;
}
