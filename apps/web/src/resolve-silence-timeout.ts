/**
 * The silence timeout `VITE_SILENCE_TIMEOUT_MS` asked for at build time (or by the dev server), in
 * milliseconds: how long an answer's connection may send nothing, heartbeats included, before the
 * client resumes it or ends it "Interrupted". Unset, blank or not a whole number ≥ 0: undefined,
 * which leaves the client's default (45 s). `0` turns the timeout off.
 */
export function resolveSilenceTimeout(configured: string | undefined): number | undefined {
  const text = configured?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text)) {
    console.warn(`VITE_SILENCE_TIMEOUT_MS is not a whole number of milliseconds: "${configured}"`);
    return undefined;
  }
  return Number(text);
}
