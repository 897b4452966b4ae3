import type { Framing } from '../markers/framings.js';

/** The systems every scenario compares. */
export type SystemName = 'direct' | 'node-pipe' | 'sdk-pipe' | 'openai-readable' | 'tokenwire';

/** In the order tables list them: the physical limit first, the system under test last. */
export const SYSTEM_NAMES: readonly SystemName[] = [
  'direct',
  'node-pipe',
  'sdk-pipe',
  'openai-readable',
  'tokenwire',
];

/** The systems the targets' ratios compare: measured in every round. */
export const COMPARED_SYSTEMS: readonly SystemName[] = ['node-pipe', 'tokenwire'];

/** How to run one system and talk to it. */
export interface SystemDefinition {
  name: SystemName;
  framing: Framing;
  /** The route the load client POSTs to. */
  path: string;
  /** The JSON body for one prompt. */
  body: (prompt: string) => string;
  /** The process to start (pinned to its own core); absent for `direct`, which has no hop. */
  process?: {
    script: string;
    env: (upstreamUrl: string, port: number) => Record<string, string>;
  };
}
