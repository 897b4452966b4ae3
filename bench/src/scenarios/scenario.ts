import type { SystemName } from '../systems/system-definition.js';

/** Streams, each with the same size and pace, started at once or arriving at a steady rate. */
export interface LoadShape {
  streams: number;
  /**
   * Open loop: stream i starts at i / rate seconds, whatever the system's speed (S6, S7).
   * Absent: every stream starts in one event-loop turn (a burst).
   */
  arrivalsPerSecond?: number;
  tokens: number;
  /** 0: as fast as the upstream's socket takes them. */
  tokensPerSecond: number;
  /** Pad every token to about this many bytes (S4); absent: 5–10 bytes, like a real token. */
  tokenBytes?: number;
}

/** Scenario ids, as the issue and BENCHMARKS.md name them. */
export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9' | 'R1';

/** One scenario, at the size of the current run (full or quick). */
export interface Scenario {
  id: ScenarioId;
  title: string;
  /**
   * `load`: every stream read as fast as it comes; `slow-reader`: S4's memory watch; `resume`:
   * R1, resume latency and what keeping events for resume costs.
   */
  kind: 'load' | 'slow-reader' | 'resume' | 'refusal';
  load: LoadShape;
  /** Run first on the fresh process, unmeasured: JIT warm, keep-alive sockets open. */
  warmup: LoadShape;
  /** The measured load runs this many times in a row (S1 repeats its one stream). */
  repeat: number;
  /**
   * How many times the systems a target compares (node-pipe and tokenwire) are measured, each
   * time on a fresh process and in alternating order, their figures being the medians; the
   * other systems are measured once. On a shared machine one measurement decides little.
   */
  rounds: number;
  /** Streams not finished by then count as errors. */
  timeoutMs: number;
  /** S5: the load goes through nginx with the project's template. */
  isBehindNginx: boolean;
  /**
   * S9: the systems reach the upstream over HTTPS, this many ms away each way (a
   * `startDistantUpstream` of their own, its certificate in `NODE_EXTRA_CA_CERTS`), as a model
   * provider is reached. Absent: the bench's plain upstream on loopback.
   */
  upstreamDelayMs?: number;
  systems: readonly SystemName[];
  /**
   * S8: the systems run with this soft and hard limit on open files (`prlimit --nofile`), lower
   * than the load needs at two sockets per stream: what happens when descriptors run out.
   */
  openFileLimit?: number;
  /** S4 only. */
  slowReader?: {
    /** Body bytes each reader takes per second. */
    bytesPerSecond: number;
    /** Longest wait for the buffers between upstream and readers to fill (backlog steady). */
    maxFillMs: number;
    /** Then memory is watched this long, every stream open and full. */
    holdMs: number;
    sampleEveryMs: number;
  };
  /**
   * R1 only. `load` is then run once per variant (resume off, memory, Redis) for CPU and RSS;
   * these shape the cut-and-resume latency runs.
   */
  resume?: {
    resumes: number;
    /** Resumes in flight at once. */
    lanes: number;
    /** Each resumed answer: this many tokens at this pace, cut after a random number of events. */
    tokens: number;
    tokensPerSecond: number;
    /** Time away between the cut and the reconnect. */
    gapMs: number;
  };
}
