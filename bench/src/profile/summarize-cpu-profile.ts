import { categorizeFrame, type FrameCategory } from './categorize-frame.js';
import type { CpuProfile } from './cpu-profile.js';

/** A function's share of a profile. */
export interface ProfileFunction {
  functionName: string;
  /** `url:line` (1-based line). */
  location: string;
  category: FrameCategory;
  selfMs: number;
  /** Of busy time (everything but idle). */
  selfPercent: number;
}

/** What a CPU profile says, in the terms of the issue. */
export interface CpuProfileSummary {
  /** Sampled time with the thread not idle. */
  busyMs: number;
  idleMs: number;
  /** Top functions by self time. */
  top: ProfileFunction[];
  /** Self time per category, % of busy time. */
  selfPercent: Partial<Record<FrameCategory, number>>;
  /** % of busy time with at least one frame of the category on the stack (callers included). */
  inclusivePercent: Partial<Record<FrameCategory, number>>;
}

const INCLUSIVE: readonly FrameCategory[] = [
  'web streams',
  'openai SDK',
  'undici (fetch)',
  'hono',
  'tokenwire protocol',
  'tokenwire api',
  'logging',
];

/**
 * Self and inclusive time of a `.cpuprofile`, by function and by category.
 *
 * @example
 * const summary = summarizeCpuProfile(JSON.parse(readFileSync(path, 'utf8')));
 * summary.selfPercent.GC; // e.g. 7.5
 */
export function summarizeCpuProfile(profile: CpuProfile, topCount = 15): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfById = new Map<number, number>();
  const inclusive = new Map<FrameCategory, number>();
  let busyMicros = 0;
  let idleMicros = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const id = profile.samples[index] as number;
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id);
    if (!node) continue;
    if (categorizeFrame(node.callFrame) === 'idle') {
      idleMicros += micros;
      continue;
    }
    busyMicros += micros;
    selfById.set(id, (selfById.get(id) ?? 0) + micros);
    const seen = new Set<FrameCategory>();
    for (
      let current: number | undefined = id;
      current !== undefined;
      current = parent.get(current)
    ) {
      const frame = byId.get(current);
      if (frame) seen.add(categorizeFrame(frame.callFrame));
    }
    for (const category of seen) {
      if (INCLUSIVE.includes(category)) {
        inclusive.set(category, (inclusive.get(category) ?? 0) + micros);
      }
    }
  }
  const percent = (micros: number) => (busyMicros > 0 ? (micros / busyMicros) * 100 : 0);

  // The same function appears once per distinct call path; sum them by name and place.
  const functions = new Map<string, ProfileFunction & { micros: number }>();
  const selfByCategory = new Map<FrameCategory, number>();
  for (const [id, micros] of selfById) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const category = categorizeFrame(frame);
    selfByCategory.set(category, (selfByCategory.get(category) ?? 0) + micros);
    const location =
      frame.url === '' ? '(native)' : `${shortenUrl(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${location}`;
    const entry = functions.get(key) ?? {
      functionName: frame.functionName || '(anonymous)',
      location,
      category,
      selfMs: 0,
      selfPercent: 0,
      micros: 0,
    };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const top = [...functions.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, topCount)
    .map(({ micros, ...entry }) => ({
      ...entry,
      selfMs: micros / 1000,
      selfPercent: percent(micros),
    }));
  return {
    busyMs: busyMicros / 1000,
    idleMs: idleMicros / 1000,
    top,
    selfPercent: Object.fromEntries(
      [...selfByCategory]
        .sort((a, b) => b[1] - a[1])
        .map(([key, micros]) => [key, percent(micros)]),
    ),
    inclusivePercent: Object.fromEntries(
      [...inclusive].sort((a, b) => b[1] - a[1]).map(([key, micros]) => [key, percent(micros)]),
    ),
  };
}

/** Keeps the part of a path a reader recognizes: from node_modules' package or the repo folder. */
function shortenUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  const match = /\/(apps|packages|bench)\/.*$/.exec(url);
  return match ? match[0].slice(1) : url.replace('file://', '');
}
