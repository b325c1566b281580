import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';

// NOTE: type-checking pulls @acb/queues and Nest's declarations into one program: seconds on a loaded machine.
jest.setTimeout(120_000);

const FIXTURE = join(__dirname, '..', 'fixtures', 'typed-tasks.types.ts');
const EXPECT_ERROR = '// @ts-expect-error';

/** Semantic and syntactic diagnostics of the fixture, compiled with the repository's compiler options. */
function diagnostics(source: string): Array<{ line: number; text: string }> {
  const configPath = resolve(__dirname, '../../../../tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === FIXTURE ? source : readFile(file));
  const program = ts.createProgram({ rootNames: [FIXTURE], options: { ...options, noEmit: true }, host });
  const file = program.getSourceFile(FIXTURE);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((diagnostic) => ({
    line: diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0,
    text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

describe('defineTask typing (compiled, so it fails under jest too, not only under tsc)', () => {
  const source = readFileSync(FIXTURE, 'utf8');
  const lines = source.split('\n');
  const directives = lines.flatMap((line, index) => (line.trim().startsWith(EXPECT_ERROR) ? [index] : []));

  it('compiles the right uses, and every @ts-expect-error is used', () => {
    expect(directives.length).toBe(6);
    expect(diagnostics(source)).toEqual([]);
  });

  it('without the directives, each wrong use is an error on its own line, and nothing else is', () => {
    const without = lines.map((line, index) => (directives.includes(index) ? '' : line)).join('\n');
    const errorLines = [...new Set(diagnostics(without).map((found) => found.line))].sort((a, b) => a - b);
    expect(errorLines).toEqual(directives.map((index) => index + 2));
  });
});
