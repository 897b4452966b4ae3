let counter = 0;

/**
 * A unique message id. `crypto.randomUUID` exists only in secure contexts, so a page served over
 * plain http on a LAN address gets the fallback.
 */
export function createId(): string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return globalThis.crypto.randomUUID();
  counter += 1;
  return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2)}`;
}
