import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExampleChecker } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(packageDirectory, 'src/index.ts');

/** Free names examples may use without declaring them, as documentation snippets do. */
const prelude = `
/** Where a UI shows the answer. */
declare const output: { append(text: string): void };
/** Offers the user to try again. */
declare function showRetry(): void;
`;

const checker = createExampleChecker({
  tsconfig: join(packageDirectory, 'tsconfig.json'),
  roots: [entry],
});

/** Every name `index.ts` exports, with its `@example`. */
const exportedExamples = () => checker.exportedExamples(entry);

describe('documentation', () => {
  const examples = exportedExamples();

  it('gives every export of the package an @example', () => {
    expect(examples.length).toBeGreaterThan(25);
    expect(
      examples.filter((entry) => entry.example === undefined).map((entry) => entry.name),
    ).toEqual([]);
  });

  it('has @examples that compile against the real types', () => {
    const names = examples.map((entry) => entry.name);
    const files = new Map<string, string>();
    for (const [index, { name, example }] of examples.entries()) {
      files.set(
        join(packageDirectory, `src/__example-${index}-${name}.ts`),
        `import { ${names.join(', ')} } from './index.js';\n${prelude}\n` +
          `export async function example() {\n${example}\n}\n`,
      );
    }
    expect(checker.typeCheck(files)).toEqual([]);
  }, 60_000);

  it('has README and PROTOCOL code blocks that compile against the package as a user imports it', () => {
    const files = new Map<string, string>();
    for (const document of ['README.md', 'PROTOCOL.md']) {
      const markdown = readFileSync(join(packageDirectory, document), 'utf8');
      const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
      for (const [index, block] of blocks.entries()) {
        files.set(join(packageDirectory, `__${document}-${index}.ts`), `${prelude}\n${block}`);
      }
    }
    expect(files.size).toBeGreaterThanOrEqual(2);
    expect(checker.typeCheck(files)).toEqual([]);
  }, 60_000);
});
