import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExampleChecker } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';

// The shared example check (@tokenwire/testing), plus the @example of every
// option: the options are the API a UI reads most.
const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(packageDirectory, 'src/index.ts');
/** Interfaces whose every member must have a compiling @example. */
const documentedMembers = new Set(['StreamChatOptions', 'ResumeChatOptions']);

/** Free names examples may use without declaring them, as documentation snippets do. */
const prelude = `
declare const output: { append(text: string): void };
declare const element: HTMLElement;
declare const answerElement: HTMLElement;
declare const thinkingElement: HTMLElement;
declare const banner: HTMLElement;
declare const stopButton: HTMLElement;
declare const body: import('./index.js').ChatRequest;
declare const stream: import('./index.js').ChatStream;
declare function showRetryButton(): void;
declare function showRetry(): void;
declare function showBanner(message: string): void;
declare function showNotice(message: string): void;
declare function showError(
  error: unknown,
  details?: { canRetry: boolean; partialText: string },
): void;
declare function reportBug(code: string, message: string): void;
declare function markStopped(text: string): void;
declare function sendAgain(): void;
`;

/** README blocks are whole modules: they declare their own elements, and only use these. */
const readmePrelude = `
declare function showRetryButton(): void;
declare function saveGeneration(generationId: string, lastEventId: string | undefined): void;
`;

const checker = createExampleChecker({
  tsconfig: join(packageDirectory, 'tsconfig.json'),
  roots: [entry],
});

/** Every name `index.ts` exports and every documented option, with its `@example`. */
const exportedExamples = () => checker.exportedExamples(entry, documentedMembers);

describe('documentation', () => {
  const examples = exportedExamples();

  it('gives every export of the package, and every option, an @example', () => {
    expect(examples.length).toBeGreaterThan(40);
    expect(
      examples.filter((entry) => entry.example === undefined).map((entry) => entry.name),
    ).toEqual([]);
  });

  it('has @examples that compile against the real types', () => {
    const names = examples.map((entry) => entry.name).filter((name) => !name.includes('.'));
    const files = new Map<string, string>();
    for (const [index, { name, example }] of examples.entries()) {
      files.set(
        join(packageDirectory, `src/__example-${index}-${name}.ts`),
        `import { ${names.join(', ')} } from './index.js';\n${prelude}\n` +
          `export async function example() {\n${example}\n}\n`,
      );
    }
    expect(checker.typeCheck(files)).toEqual([]);
  }, 120_000);

  it('has README code blocks that compile against the package as a user imports it', () => {
    const files = new Map<string, string>();
    const markdown = readFileSync(join(packageDirectory, 'README.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    for (const [index, block] of blocks.entries()) {
      files.set(join(packageDirectory, `src/__README-${index}.ts`), `${readmePrelude}\n${block}`);
    }
    expect(files.size).toBeGreaterThanOrEqual(2);
    expect(checker.typeCheck(files)).toEqual([]);
  }, 120_000);
});
