import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';

// NOTE: type-checking pulls @acb/events and Nest's declarations into one program: seconds on a loaded machine.
jest.setTimeout(120_000);

const FIXTURE = join(__dirname, 'fixtures', 'typed-handlers.types.ts');
const EXPECT_ERROR = '// @ts-expect-error';

/** Semantic and syntactic diagnostics of the fixture, compiled with the repository's compiler options. */
function diagnostics(source: string): ts.Diagnostic[] {
  const configPath = resolve(__dirname, '../../../tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === FIXTURE ? source : readFile(file));
  const program = ts.createProgram({ rootNames: [FIXTURE], options: { ...options, noEmit: true }, host });
  const file = program.getSourceFile(FIXTURE);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
}

function describeDiagnostic(diagnostic: ts.Diagnostic): { line: number; code: number; text: string } {
  const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
  return { line, code: diagnostic.code, text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') };
}

describe('@OnAcbEvent typing (compiled, so it fails under jest too, not only under tsc)', () => {
  const source = readFileSync(FIXTURE, 'utf8');

  it('accepts handlers whose payload fits the event class, and the @ts-expect-error of the wrong one is used', () => {
    expect(diagnostics(source).map(describeDiagnostic)).toEqual([]);
  });

  it('rejects a handler whose payload does not fit, on the decorator line, naming the missing property', () => {
    const lines = source.split('\n');
    const directive = lines.findIndex((line) => line.trim().startsWith(EXPECT_ERROR));
    expect(directive).toBeGreaterThan(0);
    const without = lines.map((line, index) => (index === directive ? '' : line)).join('\n');
    const found = diagnostics(without).map(describeDiagnostic);
    expect(found).toEqual([{ line: directive + 2, code: 1241, text: expect.stringContaining("Property 'sku' is missing") }]);
  });
});
