export { cpuSecondsBetween } from './cpu-seconds-between.js';
export { type Interference, measureInterference } from './measure-interference.js';
export { type CoreTimes, parseCpuTimes } from './parse-cpu-times.js';
export { type ProcStat, parseProcStat } from './parse-proc-stat.js';
export { type ProcStatus, parseProcStatus } from './parse-proc-status.js';
export { parseSchedstat } from './parse-schedstat.js';
export { type ProcessUsage, readProcessUsage } from './read-process-usage.js';
export { type CpuSnapshot, takeCpuSnapshot } from './take-cpu-snapshot.js';
export {
  type BusiestSecondWatch,
  type CoreBusyTracker,
  createCoreBusyTracker,
  watchBusiestSecond,
} from './watch-busiest-second.js';
export {
  type CoreSpeedWatch,
  type CoreSpeedWindow,
  speedUnit,
  startCoreSpeedWatch,
} from './watch-core-speed.js';
export { type LoadLoopFigures, type LoadLoopWatch, watchLoadLoop } from './watch-load-loop.js';
