/**
 * Runs `callback` before the next paint; returns a cancel function. Falls back to a 16 ms timer
 * where `requestAnimationFrame` does not exist (Node, some workers and test environments).
 */
export function requestFrame(callback: () => void): () => void {
  const { requestAnimationFrame, cancelAnimationFrame } = globalThis;
  if (typeof requestAnimationFrame === 'function' && typeof cancelAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
}
