import type { ProfilerOnRenderCallback } from 'react';
import type { ChatMessage } from '../chat/chat-message.js';

/** What the render-cost probe has counted since its last `reset()`. */
export interface RenderProbeSnapshot {
  /** React commits of the app's tree. */
  commits: number;
  /** Animation frames (requestAnimationFrame callbacks). */
  frames: number;
  /** The most commits that landed between two consecutive animation frames. */
  maxCommitsPerFrame: number;
  /** Long tasks (over 50 ms, PerformanceObserver `longtask`) and the longest one, in ms. */
  longTasks: number;
  longestTaskMs: number;
  /** Total time React spent rendering (Profiler `actualDuration`), in ms. */
  renderMs: number;
  /** The content of the last message on screen, as the hook delivered it. */
  lastMessage: string;
}

/** The probe the browser tests and the benchmark read as `window.__tokenwireProbe`. */
export interface RenderProbe {
  onRender: ProfilerOnRenderCallback;
  onMessages: (messages: readonly ChatMessage[]) => void;
  /**
   * Resolves once the app has rendered and the page is idle: its start-up work (first render,
   * layout, fonts) is over, so a `reset()` after this measures only what follows.
   */
  whenIdle: () => Promise<void>;
  reset: () => void;
  snapshot: () => RenderProbeSnapshot;
}

declare global {
  interface Window {
    __tokenwireProbe?: RenderProbe;
  }
}

/**
 * Counts React commits per animation frame and long tasks, for `?profile` pages. The counters
 * cost a few additions per frame, so they don't move what they measure.
 */
export function installRenderProbe(target: Window): RenderProbe {
  let frame = 0;
  let commits = 0;
  let frames = 0;
  let commitsThisFrame = 0;
  let commitFrame = -1;
  let maxCommitsPerFrame = 0;
  let longTasks = 0;
  let longestTaskMs = 0;
  let renderMs = 0;
  let lastMessage = '';
  let resetAt = 0;
  let hasRendered = false;

  const tick = () => {
    frame++;
    frames++;
    target.requestAnimationFrame(tick);
  };
  target.requestAnimationFrame(tick);

  if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Entries arrive after their task ended: one that began before `reset()` (the page
        // starting up, say) is not part of what is being measured.
        if (entry.startTime < resetAt) continue;
        longTasks++;
        longestTaskMs = Math.max(longestTaskMs, entry.duration);
      }
    }).observe({ type: 'longtask' });
  }

  const probe: RenderProbe = {
    onRender: (_id, _phase, actualDuration) => {
      hasRendered = true;
      commits++;
      renderMs += actualDuration;
      if (commitFrame === frame) commitsThisFrame++;
      else {
        commitFrame = frame;
        commitsThisFrame = 1;
      }
      maxCommitsPerFrame = Math.max(maxCommitsPerFrame, commitsThisFrame);
    },
    onMessages: (messages) => {
      lastMessage = messages.at(-1)?.content ?? '';
    },
    whenIdle: () =>
      new Promise((resolve) => {
        const waitForIdle = () => {
          if (!hasRendered) {
            target.requestAnimationFrame(waitForIdle);
            return;
          }
          // Chromium's idle callback runs in a frame's spare time, after pending tasks.
          if (typeof target.requestIdleCallback === 'function') {
            target.requestIdleCallback(() => resolve(), { timeout: 2000 });
          } else target.setTimeout(resolve, 200);
        };
        waitForIdle();
      }),
    reset: () => {
      resetAt = target.performance.now();
      commits = 0;
      frames = 0;
      commitsThisFrame = 0;
      commitFrame = -1;
      maxCommitsPerFrame = 0;
      longTasks = 0;
      longestTaskMs = 0;
      renderMs = 0;
    },
    snapshot: () => ({
      commits,
      frames,
      maxCommitsPerFrame,
      longTasks,
      longestTaskMs,
      renderMs,
      lastMessage,
    }),
  };
  target.__tokenwireProbe = probe;
  return probe;
}
