/** The parts of V8's `.cpuprofile` (what `node --cpu-prof` writes) the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs between consecutive samples; sample i lasted `timeDeltas[i + 1]`. */
  timeDeltas: number[];
}
