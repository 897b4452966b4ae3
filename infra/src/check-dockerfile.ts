import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDockerignoreMatcher } from './create-dockerignore-matcher.js';
import { parseDockerfile } from './parse-dockerfile.js';

/** Options for {@link checkDockerfile}. */
export interface CheckDockerfileOptions {
  /** The build context COPY and ADD read from (here the repository root). */
  contextDirectory: string;
  /** The patterns of the `.dockerignore` BuildKit uses for this Dockerfile. */
  ignorePatterns?: readonly string[];
}

/** One thing wrong with a Dockerfile, with the line it starts on. */
export interface DockerfileProblem {
  line: number;
  message: string;
}

const rootUsers = new Set(['root', '0']);

/**
 * Lints a Dockerfile for what tokenwire's images promise: several stages, a final stage that
 * runs as a non-root user and does not copy the whole context, base images with an explicit tag,
 * `--from` naming an earlier stage, every COPY/ADD source present in the context and not
 * dropped by the `.dockerignore`, and CMD/ENTRYPOINT in exec form so signals reach the process.
 *
 * @example
 * checkDockerfile('FROM node:24-alpine\nCMD node main.js\n', { contextDirectory: '.' });
 * // [{ line: 1, message: 'a single stage: …' }, { line: 1, message: 'the final stage has no USER: …' }, …]
 */
export function checkDockerfile(
  text: string,
  options: CheckDockerfileOptions,
): DockerfileProblem[] {
  const problems: DockerfileProblem[] = [];
  const instructions = parseDockerfile(text);
  const isIgnored = createDockerignoreMatcher(options.ignorePatterns ?? []);
  const globalArguments = new Map<string, string>();
  const stageNames: string[] = [];
  let finalStageLine = 1;
  let finalUser: { name: string; line: number } | undefined;

  for (const instruction of instructions) {
    const { keyword, line } = instruction;
    const words = instruction.arguments.split(/\s+/).filter(Boolean);
    if (keyword === 'ARG' && stageNames.length === 0) {
      const [name, value] = (words[0] ?? '').split('=');
      if (name !== undefined && value !== undefined) globalArguments.set(name, value);
    } else if (keyword === 'FROM') {
      const positional = words.filter((word) => !word.startsWith('--'));
      const image = (positional[0] ?? '').replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (reference, name: string) => globalArguments.get(name) ?? reference,
      );
      if (!stageNames.includes(image) && !hasExplicitTag(image)) {
        problems.push({ line, message: `"${image}" has no explicit tag (or uses latest)` });
      }
      stageNames.push(positional[1]?.toLowerCase() === 'as' ? (positional[2] ?? '') : '');
      finalStageLine = line;
      finalUser = undefined;
    } else if (keyword === 'USER') {
      finalUser = { name: words[0] ?? '', line };
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      problems.push(...checkCopy(words, line, stageNames, options.contextDirectory, isIgnored));
    } else if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !isExecForm(instruction)) {
      problems.push({
        line,
        message: `${keyword} in shell form: /bin/sh becomes PID 1 and SIGTERM never reaches the program`,
      });
    }
  }

  if (stageNames.length < 2) {
    problems.push({ line: 1, message: 'a single stage: build tools end up in the final image' });
  }
  if (finalUser === undefined) {
    problems.push({
      line: finalStageLine,
      message: 'the final stage has no USER: the process runs as root',
    });
  } else if (rootUsers.has(finalUser.name.split(':')[0] ?? '')) {
    problems.push({
      line: finalUser.line,
      message: `the final stage runs as ${finalUser.name}, which is root`,
    });
  }
  const finalStageStart = instructions.findIndex(
    (instruction) => instruction.line === finalStageLine,
  );
  for (const instruction of instructions.slice(finalStageStart)) {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const words = instruction.arguments.split(/\s+/).filter((word) => !word.startsWith('--'));
    const isFromContext = !instruction.arguments.includes('--from=');
    if (isFromContext && words.slice(0, -1).some((source) => source === '.' || source === './')) {
      problems.push({
        line: instruction.line,
        message: 'the final stage copies the whole build context: keep it to what runs',
      });
    }
  }
  return problems;
}

function checkCopy(
  words: string[],
  line: number,
  stageNames: readonly string[],
  contextDirectory: string,
  isIgnored: (path: string) => boolean,
): DockerfileProblem[] {
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
  const sources = words.filter((word) => !word.startsWith('--')).slice(0, -1);
  if (from !== undefined) {
    const isEarlierStage = stageNames.slice(0, -1).includes(from) || /^\d+$/.test(from);
    const isImage = from.includes(':') || from.includes('/');
    return isEarlierStage || isImage
      ? []
      : [{ line, message: `--from=${from} names no earlier stage` }];
  }
  const problems: DockerfileProblem[] = [];
  for (const source of sources) {
    if (/^[a-z]+:\/\//.test(source)) continue;
    const path = source.replace(/^\.\/?/, '');
    const pathToCheck = /[*?[]/.test(path) ? path.replace(/\/[^/]*[*?[].*$/, '') : path;
    if (!existsSync(resolve(contextDirectory, pathToCheck === '' ? '.' : pathToCheck))) {
      problems.push({
        line,
        message: `COPY source "${source}" does not exist in the build context`,
      });
    } else if (path !== '' && isIgnored(path)) {
      problems.push({ line, message: `COPY source "${source}" is excluded by the .dockerignore` });
    }
  }
  return problems;
}

function hasExplicitTag(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : '';
  return tag !== '' && tag !== 'latest' && !tag.includes('$');
}

function isExecForm(instruction: { arguments: string }): boolean {
  try {
    const value: unknown = JSON.parse(instruction.arguments);
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  } catch {
    return false;
  }
}
