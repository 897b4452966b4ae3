import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The same harness as @tokenwire/protocol's tsdoc-examples.test.ts, plus the @example of every
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

function loadOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(packageDirectory, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('tsconfig.json did not parse');
  // Examples import values and types alike in one list, as readers copy them.
  return { ...parsed.options, noEmit: true, verbatimModuleSyntax: false };
}

/** Type-checks `files` (virtual, inside the package) against the real sources. */
function typeCheck(files: Map<string, string>): string[] {
  const options = loadOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = files.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, language, ...rest)
      : ts.createSourceFile(fileName, text, language, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  const program = ts.createProgram([entry, ...files.keys()], options, host);
  return [...files.keys()].flatMap((fileName) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map(
        (diagnostic) =>
          `${fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n${files.get(fileName)}`,
      ),
  );
}

function exampleOf(declarations: readonly ts.Declaration[] | undefined): string | undefined {
  const tags = (declarations ?? []).flatMap((declaration) => ts.getJSDocTags(declaration));
  const example = tags.find((tag) => tag.tagName.text === 'example');
  return typeof example?.comment === 'string' ? example.comment : undefined;
}

/** Every name `index.ts` exports and every documented option, with its `@example`. */
function exportedExamples(): Array<{ name: string; example: string | undefined }> {
  const program = ts.createProgram([entry], loadOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error('no index.ts');
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error('index.ts is not a module');
  return checker.getExportsOfModule(module).flatMap((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const own = { name: symbol.name, example: exampleOf(target.declarations) };
    if (!documentedMembers.has(symbol.name)) return [own];
    const declaration = target.declarations?.[0] as ts.InterfaceDeclaration;
    const members = declaration.members.map((member) => ({
      name: `${symbol.name}.${member.name?.getText()}`,
      example: exampleOf([member]),
    }));
    return [own, ...members];
  });
}

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
    expect(typeCheck(files)).toEqual([]);
  }, 120_000);

  it('has README code blocks that compile against the package as a user imports it', () => {
    const files = new Map<string, string>();
    const markdown = readFileSync(join(packageDirectory, 'README.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    for (const [index, block] of blocks.entries()) {
      files.set(join(packageDirectory, `src/__README-${index}.ts`), `${readmePrelude}\n${block}`);
    }
    expect(files.size).toBeGreaterThanOrEqual(2);
    expect(typeCheck(files)).toEqual([]);
  }, 120_000);
});
