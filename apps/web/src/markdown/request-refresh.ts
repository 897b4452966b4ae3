const due = new Set<() => void>();
let isScheduled = false;

/**
 * Runs `refresh` in an animation frame, `delayMs` from now at the earliest, with every other
 * refresh due in that frame: their state updates then share a task, so React renders them in one
 * commit (a restored conversation's code blocks get their colours in one render, not one each).
 * The same function requested twice for a frame runs once.
 */
export function requestRefresh(refresh: () => void, delayMs = 0): void {
  if (delayMs > 0) {
    setTimeout(() => requestRefresh(refresh), delayMs);
    return;
  }
  due.add(refresh);
  if (isScheduled) return;
  isScheduled = true;
  const run = () => {
    isScheduled = false;
    const refreshes = [...due];
    due.clear();
    for (const each of refreshes) each();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  else setTimeout(run, 16);
}
