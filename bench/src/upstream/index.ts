export { PROMPT_PATTERN, promptFor } from './prompt-for.js';
export { startUpstream, type Upstream } from './start-upstream.js';
export { createStreamPlan, type StreamPlan } from './stream-plan.js';
