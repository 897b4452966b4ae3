import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuProfile } from './cpu-profile.js';
import { type CpuProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile.js';

/** One profile file and its summary. */
export interface NamedProfileSummary {
  /** The file name without `.cpuprofile`: `<scenario>-<system>`. */
  name: string;
  summary: CpuProfileSummary;
}

/**
 * Summarizes every `.cpuprofile` in a directory (the systems write theirs when they exit).
 *
 * @example
 * for (const { name, summary } of summarizeProfiles('results/profiles')) console.log(name, summary.busyMs);
 */
export function summarizeProfiles(directory: string): NamedProfileSummary[] {
  let files: string[];
  try {
    files = readdirSync(directory).filter((file) => file.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files.sort().map((file) => ({
    name: file.replace(/\.cpuprofile$/, ''),
    summary: summarizeCpuProfile(
      JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile,
    ),
  }));
}
