import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

function loadOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(packageDirectory, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('tsconfig.json did not parse');
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
  const program = ts.createProgram([...entries, ...files.keys()], options, host);
  return [...files.keys()].flatMap((fileName) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map(
        (diagnostic) =>
          `${fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n${files.get(fileName)}`,
      ),
  );
}

/** Every name an entry exports, with the `@example` of its declaration (undefined if none). */
function exportedExamples(entry: string) {
  const program = ts.createProgram([entry], loadOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`no ${entry}`);
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module`);
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const tags = (target.declarations ?? []).flatMap((declaration) => ts.getJSDocTags(declaration));
    const example = tags.find((tag) => tag.tagName.text === 'example');
    const text = typeof example?.comment === 'string' ? example.comment : undefined;
    return {
      name: symbol.name,
      example: text,
      isType: (target.flags & ts.SymbolFlags.Value) === 0,
    };
  });
}

describe('documentation', () => {
  it('gives every function and class an @example that compiles against the real types', () => {
    const exported = entries.map((entry) => ({ entry, examples: exportedExamples(entry) }));
    const files = new Map<string, string>();
    for (const { entry, examples } of exported) {
      const values = examples.filter((example) => !example.isType);
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
    expect(typeCheck(files)).toEqual([]);
  }, 60_000);

  it('has README code blocks that compile against the package as a user imports it', () => {
    const markdown = readFileSync(join(packageDirectory, 'README.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
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
    expect(typeCheck(files)).toEqual([]);
  }, 60_000);
});
