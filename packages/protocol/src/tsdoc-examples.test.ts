import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

function loadOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(packageDirectory, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('tsconfig.json did not parse');
  // Examples import values and types alike in one list, as readers copy them.
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    isolatedDeclarations: false,
    verbatimModuleSyntax: false,
  };
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

/** Every name `index.ts` exports, with the `@example` of its declaration (undefined if none). */
function exportedExamples(): Array<{ name: string; example: string | undefined }> {
  const program = ts.createProgram([entry], loadOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error('no index.ts');
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error('index.ts is not a module');
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const tags = (target.declarations ?? []).flatMap((declaration) => ts.getJSDocTags(declaration));
    const example = tags.find((tag) => tag.tagName.text === 'example');
    const text = typeof example?.comment === 'string' ? example.comment : undefined;
    return { name: symbol.name, example: text };
  });
}

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
    expect(typeCheck(files)).toEqual([]);
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
    expect(typeCheck(files)).toEqual([]);
  }, 60_000);
});
