import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The core the load process (upstream and client) is pinned to. */
export const LOAD_CORE = 0;
/** The core every system under test is pinned to. */
export const SERVER_CORE = 1;

/** `bench/`, from its sources or its build (both one folder below it, then this one). */
export const benchDirectory: string = fileURLToPath(new URL('../..', import.meta.url));
export const repoDirectory: string = join(benchDirectory, '..');
/** tokenwire's API as production runs it: its build, with plain `node`. */
export const apiEntry: string = join(repoDirectory, 'apps/api/dist/main.js');
