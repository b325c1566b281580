import { transformSync } from '@swc/core';
import * as ts from 'typescript';
import { migrationChecksum } from './checksum';

const SOURCE = `
import { randomBytes, scryptSync } from 'node:crypto';
import { Migration } from '@acb/migrations';
import { hashOf } from './hash';
import { USERS_TABLE } from '../users/user.entity';

export class Sample extends Migration {
  version = '005';
  description = "sample";
  async up(): Promise<void> {
    // re-hash every password
    const users = await this.sql.fetchAll<{ id: number; password: string }>('SELECT id, password FROM users', );
    for (const user of users) {
      await this.sql.execute("UPDATE users SET password = ? WHERE id = ?", [hashOf(user.password), user.id]);
      scryptSync(user.password, randomBytes(4), 8);
    }
  }
  async down(): Promise<void> {
    await this.sql.execute(\`DELETE FROM \${USERS_TABLE} WHERE name = 'x'\`);
  }
}
`;

/** Loads the compiled module with stub imports and returns its class's up/down text. */
function methods(code: string): string[] {
  const exports: Record<string, unknown> = {};
  const requireStub = (name: string) => (name === '@acb/migrations' ? { Migration: class {} } : {});
  new Function('exports', 'require', 'module', code)(exports, requireStub, { exports });
  const prototype = (exports.Sample as { prototype: Record<string, () => void> }).prototype;
  return [prototype.up.toString(), prototype.down.toString()];
}

describe('migrationChecksum', () => {
  it('is the same for the TypeScript source run through swc and the tsc-compiled .js', () => {
    const swc = transformSync(SOURCE, {
      filename: 'sample.ts',
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: false } },
      module: { type: 'commonjs' },
    }).code;
    const tsc = ts.transpileModule(SOURCE, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    expect(swc).not.toEqual(tsc);
    expect(migrationChecksum(methods(swc))).toBe(migrationChecksum(methods(tsc)));
  });

  it('changes when a statement, a value or a name changes, not when formatting or comments do', () => {
    const base = migrationChecksum(["async up() { await this.sql.execute('CREATE TABLE a (id INTEGER)'); }"]);
    expect(migrationChecksum(['async up() {\n  // note\n  await this.sql.execute("CREATE TABLE a (id INTEGER)")\n}'])).toBe(base);
    expect(migrationChecksum(["async up() { await this.sql.execute('CREATE TABLE b (id INTEGER)'); }"])).not.toBe(base);
    expect(migrationChecksum(["async up() { await this.sql.execute('CREATE TABLE a (id  INTEGER)'); }"])).not.toBe(base);
    expect(migrationChecksum(["async up() { await this.sql.fetchAll('CREATE TABLE a (id INTEGER)'); }"])).not.toBe(base);
  });
});
