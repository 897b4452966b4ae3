/**
 * True for an abort rather than a failure: a {@link StreamAbortedError}, or a runtime's own
 * `AbortError` (a `DOMException` from `fetch`). Use it to skip error UI when the user pressed stop.
 *
 * @example
 * stream.result.catch((error) => {
 *   if (isAbortError(error)) return;
 *   showError(error);
 * });
 */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { kind?: unknown; name?: unknown };
  // `kind` rather than instanceof: two copies of this package may be bundled side by side.
  return candidate.kind === 'aborted' || candidate.name === 'AbortError';
}
