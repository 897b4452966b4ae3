import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExampleChecker, readTypeScriptBlocks } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['src/index.ts', 'src/node/index.ts', 'src/redis/index.ts'].map((entry) =>
  join(packageDirectory, entry),
);

/**
 * Free names examples may use without declaring them, as documentation snippets do: a client,
 * params, a framework's app and handler objects.
 */
const prelude = `
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
declare const client: OpenAI;
declare const messages: ChatCompletionMessageParam[];
declare const params: { model: string; messages: ChatCompletionMessageParam[] };
declare const response: Response;
declare const subscriber: { write(frame: string | Uint8Array): boolean; end(): void };
declare const parser: { feed(bytes: Uint8Array): void };
declare const incomingMessage: import('node:stream').Readable;
declare const app: {
  post(path: string, handler: (c: any) => unknown): void;
  get(path: string, handler: (c: any) => unknown): void;
};
`;

const checker = createExampleChecker({
  tsconfig: join(packageDirectory, 'tsconfig.json'),
  roots: entries,
});

describe('documentation', () => {
  it('gives every function and class an @example that compiles against the real types', () => {
    const exported = entries.map((entry) => ({ entry, examples: checker.exportedExamples(entry) }));
    const files = new Map<string, string>();
    for (const { entry, examples } of exported) {
      const values = examples.filter((example) => example.isValue);
      expect(values.filter((example) => example.example === undefined).map((e) => e.name)).toEqual(
        [],
      );
      const directory = dirname(entry);
      // Every entry's names, as a user with all three imports would write them.
      const imports = exported
        .map(({ entry: from, examples: names }) => {
          const path = relative(directory, from).replace(/\.ts$/, '.js');
          return `import { ${names.map((name) => name.name).join(', ')} } from '${path.startsWith('.') ? path : `./${path}`}';`;
        })
        .join('\n');
      for (const [index, { name, example }] of values.entries()) {
        files.set(
          join(directory, `__example-${index}-${name}.ts`),
          `${imports}\nimport { Redis } from 'ioredis';\n${prelude}\nexport async function example() {\n${example}\n}\n`,
        );
      }
    }
    expect(files.size).toBeGreaterThanOrEqual(5);
    expect(checker.typeCheck(files)).toEqual([]);
  }, 60_000);

  it('has README code blocks that compile against the package as a user imports it', () => {
    const blocks = readTypeScriptBlocks(join(packageDirectory, 'README.md'));
    const files = new Map<string, string>();
    for (const [index, block = ''] of blocks.entries()) {
      // The README's blocks import what they use; only what a block leaves undeclared is given.
      const given = [
        block.includes('const client') ? '' : "declare const client: import('openai').default;",
        "declare const messages: import('openai/resources/chat/completions').ChatCompletionMessageParam[];",
        'declare const params: { model: string; messages: typeof messages };',
        'declare const app: { post(path: string, handler: (c: any) => unknown): void; get(path: string, handler: (c: any) => unknown): void };',
        'export {};',
      ].join('\n');
      files.set(join(packageDirectory, `__README-${index}.ts`), `${given}\n${block}`);
    }
    expect(files.size).toBeGreaterThanOrEqual(4);
    expect(checker.typeCheck(files)).toEqual([]);
  }, 60_000);
});
