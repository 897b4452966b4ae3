export { type RunningLoad, type StartLoadOptions, startLoad } from './start-load.js';
export {
  type RunningStream,
  type RunStreamOptions,
  type StreamOutcome,
  type StreamTarget,
  startStream,
} from './start-stream.js';
