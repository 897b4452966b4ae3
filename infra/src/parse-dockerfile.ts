/** One Dockerfile instruction, continuation lines joined. */
export interface DockerfileInstruction {
  /** Upper-case keyword: `FROM`, `COPY`, `RUN`, … */
  keyword: string;
  /** Everything after the keyword, trimmed. */
  arguments: string;
  /** 1-based line the instruction starts on. */
  line: number;
}

/**
 * Splits a Dockerfile into instructions: comments and blank lines dropped, lines ending in `\`
 * joined to the next (comment lines inside a continuation are skipped, as BuildKit does).
 *
 * @example
 * parseDockerfile('FROM node:24-alpine\nRUN echo a \\\n  && echo b\n');
 * // [{ keyword: 'FROM', arguments: 'node:24-alpine', line: 1 }, { keyword: 'RUN', arguments: 'echo a  && echo b', line: 2 }]
 */
export function parseDockerfile(text: string): DockerfileInstruction[] {
  const instructions: DockerfileInstruction[] = [];
  const lines = text.split(/\r?\n/);
  let pending: { text: string; line: number } | undefined;
  for (const [index, rawLine] of lines.entries()) {
    const trimmed = rawLine.trim();
    if (trimmed.startsWith('#') || (pending === undefined && trimmed === '')) continue;
    const continues = trimmed.endsWith('\\');
    const piece = continues ? trimmed.slice(0, -1) : trimmed;
    pending =
      pending === undefined
        ? { text: piece, line: index + 1 }
        : { text: `${pending.text} ${piece}`, line: pending.line };
    if (continues) continue;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(pending.text);
    if (match?.[1] !== undefined) {
      instructions.push({
        keyword: match[1].toUpperCase(),
        arguments: (match[2] ?? '').trim(),
        line: pending.line,
      });
    }
    pending = undefined;
  }
  return instructions;
}
