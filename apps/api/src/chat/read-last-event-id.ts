import { ApiError } from '../http/api-error.js';

/**
 * The seq a resume continues after: the `Last-Event-ID` header, or `?lastEventId=` for clients that
 * cannot set headers (EventSource's first request); `undefined` for a replay from the start.
 * Anything but ASCII digits is a 400: a guessed seq would replay the wrong events.
 *
 * @example
 * readLastEventId('41', undefined); // 41
 */
export function readLastEventId(
  header: string | undefined,
  query: string | undefined,
): number | undefined {
  const raw = header ?? query;
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new ApiError(
      400,
      'invalid_request',
      'Last-Event-ID: must be the seq (a whole number) of the last event received.',
    );
  }
  return value;
}
