import { describe, expect, it } from 'vitest';
import { formatResumeTable } from './format-resume-table.js';
import type { ResumeResult } from './resume-result.js';

const row = (overrides: Partial<ResumeResult>): ResumeResult => ({
  system: 'tokenwire',
  variant: 'resume off',
  env: {},
  streams: 100,
  tokensDelivered: 10_000,
  cpuSecondsPer1000Tokens: 0.01,
  redisCpuSecondsPer1000Tokens: null,
  peakRssBytes: 100 * 1024 * 1024,
  resumeLatencyMs: null,
  interference: undefined,
  errors: 0,
  errorSamples: [],
  ...overrides,
});

describe('formatResumeTable', () => {
  it('shows each variant as a ratio to resume off in the same run, and the extra RSS per open stream', () => {
    const table = formatResumeTable([
      row({}),
      row({
        variant: 'Redis',
        cpuSecondsPer1000Tokens: 0.025,
        redisCpuSecondsPer1000Tokens: 0.002,
        peakRssBytes: 100 * 1024 * 1024 + 100 * 50_000,
        resumeLatencyMs: { count: 200, p50: 12.5, p99: 80, max: 90, mean: 20 },
      }),
    ]);
    const redis = table.split('\n').find((line) => line.startsWith('Redis')) ?? '';
    expect(redis).toContain('2.50×');
    expect(redis).toContain('50,000');
    expect(redis).toContain('12.5');
    expect(table.split('\n').find((line) => line.startsWith('resume off'))).toContain('1.00×');
  });

  it('prints a dash, not a ratio to nothing, when resume off was not measured', () => {
    const table = formatResumeTable([row({ variant: 'memory' })]);
    expect(table).not.toContain('NaN');
    expect(table.split('\n')[1]).toContain('—');
  });
});
