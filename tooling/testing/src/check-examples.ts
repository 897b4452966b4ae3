import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** One exported name and the `@example` of its declaration. */
export interface ExportedExample {
  name: string;
  /** `undefined` when the declaration has none. */
  example: string | undefined;
  /** A value (function, class, constant), not only a type. */
  isValue: boolean;
}

/** What {@link createExampleChecker} reads and checks. */
export interface ExampleChecker {
  /**
   * Every name `entry` exports, with its `@example`; for each interface named in `membersOf`,
   * also each member (`Interface.member`), since options are the API readers use most.
   */
  exportedExamples(entry: string, membersOf?: ReadonlySet<string>): ExportedExample[];
  /** Type-checks virtual `files` (absolute paths inside the package) with the real sources; one line per diagnostic. */
  typeCheck(files: ReadonlyMap<string, string>): string[];
}

/**
 * The documentation check every published package runs: its TSDoc `@example`s and README code
 * blocks must compile against its real types, with the package's own tsconfig. Examples import
 * values and types in one list, as readers copy them, so `verbatimModuleSyntax` is off here.
 *
 * @example
 * const checker = createExampleChecker({ tsconfig: '/repo/packages/client/tsconfig.json', roots: ['/repo/packages/client/src/index.ts'] });
 * checker.typeCheck(new Map([['/repo/packages/client/src/__example.ts', "import { streamChat } from './index.js';"]])); // []
 */
export function createExampleChecker(options: {
  tsconfig: string;
  roots: readonly string[];
}): ExampleChecker {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    options.tsconfig,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error(`${options.tsconfig} did not parse`);
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    isolatedDeclarations: false,
    verbatimModuleSyntax: false,
  };

  return {
    exportedExamples(entry, membersOf = new Set()) {
      const program = ts.createProgram([entry], compilerOptions);
      const checker = program.getTypeChecker();
      const source = program.getSourceFile(entry);
      const module = source && checker.getSymbolAtLocation(source);
      if (!module) throw new Error(`${entry} is not a module`);
      return checker.getExportsOfModule(module).flatMap((symbol) => {
        const target =
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const own = {
          name: symbol.name,
          example: exampleOf(target.declarations),
          isValue: (target.flags & ts.SymbolFlags.Value) !== 0,
        };
        if (!membersOf.has(symbol.name)) return [own];
        const declaration = target.declarations?.[0] as ts.InterfaceDeclaration;
        const members = declaration.members.map((member) => ({
          name: `${symbol.name}.${member.name?.getText()}`,
          example: exampleOf([member]),
          isValue: false,
        }));
        return [own, ...members];
      });
    },

    typeCheck(files) {
      const host = ts.createCompilerHost(compilerOptions);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, language, ...rest) => {
        const text = files.get(fileName);
        return text === undefined
          ? getSourceFile(fileName, language, ...rest)
          : ts.createSourceFile(fileName, text, language, true);
      };
      const fileExists = host.fileExists.bind(host);
      host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
      const program = ts.createProgram([...options.roots, ...files.keys()], compilerOptions, host);
      return [...files.keys()].flatMap((fileName) =>
        ts
          .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
          .map(
            (diagnostic) =>
              `${fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n${files.get(fileName)}`,
          ),
      );
    },
  };
}

/**
 * The ```ts code blocks of a Markdown file, in order.
 *
 * @example
 * readTypeScriptBlocks('/repo/packages/client/README.md').length; // e.g. 6
 */
export function readTypeScriptBlocks(markdownPath: string): string[] {
  const markdown = readFileSync(markdownPath, 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

function exampleOf(declarations: readonly ts.Declaration[] | undefined): string | undefined {
  const tags = (declarations ?? []).flatMap((declaration) => ts.getJSDocTags(declaration));
  const example = tags.find((tag) => tag.tagName.text === 'example');
  return typeof example?.comment === 'string' ? example.comment : undefined;
}
