import type { StreamPlan } from './stream-plan.js';

/** The pattern the upstream looks for in the last user message. */
export const PROMPT_PATTERN: RegExp = /bench:(\d+)/;

/**
 * The user message that tells the bench upstream which plan to play.
 *
 * @example
 * promptFor(plan); // 'bench:17'
 */
export function promptFor(plan: StreamPlan): string {
  return `bench:${plan.id}`;
}
