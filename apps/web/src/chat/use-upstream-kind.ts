import { useEffect, useState } from 'react';

/** What the API's health endpoint says it streams from. */
export type UpstreamKind = 'demo' | 'configured' | 'unknown';

/**
 * Asks the API's health endpoint (beside the chat endpoint: `/api/chat` → `/api/health`) once
 * whether it runs on the built-in demo upstream. Anything else — no answer, an old API, another
 * origin that refuses — is `unknown`, and the page simply says nothing about it.
 */
export function useUpstreamKind(api: string): UpstreamKind {
  const [kind, setKind] = useState<UpstreamKind>('unknown');
  useEffect(() => {
    if (!api.endsWith('/chat')) return;
    const controller = new AbortController();
    const url = `${api.slice(0, -'/chat'.length)}/health`;
    fetch(url, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((body: unknown) => {
        const upstream = (body as { upstream?: unknown } | undefined)?.upstream;
        if (upstream === 'demo' || upstream === 'configured') setKind(upstream);
      })
      .catch(() => {
        // No health endpoint reachable: nothing to say about the upstream.
      });
    return () => controller.abort();
  }, [api]);
  return kind;
}
