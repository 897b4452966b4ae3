/**
 * The chat endpoint the app streams from: `/api/chat` on the page's own origin (so nginx or the
 * Vite proxy serves both), or the API that `VITE_API_URL` named at build time. Either a full
 * endpoint (`https://api.example.com/api/chat`) or an origin (`https://api.example.com`) works.
 */
export function resolveApiUrl(configured: string | undefined): string {
  const base = configured?.trim().replace(/\/+$/, '');
  if (!base) return '/api/chat';
  if (base.endsWith('/chat')) return base;
  if (base.endsWith('/api')) return `${base}/chat`;
  return `${base}/api/chat`;
}
