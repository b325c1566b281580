import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real settings directory in the OS temp dir, for tests. */
export interface SettingsDir {
  dir: string;
  secretsDir: string;
  write(file: string, text: string): void;
  writeSecret(name: string, value: string): void;
  remove(file: string): void;
  cleanup(): void;
}

/** Creates a temp settings dir holding `files` (name -> YAML text) and `secrets` (name -> file content). */
export function createSettingsDir(files: Record<string, string> = {}, secrets: Record<string, string> = {}): SettingsDir {
  const dir = mkdtempSync(join(tmpdir(), 'acb-config-'));
  const secretsDir = join(dir, 'secrets');
  const settings: SettingsDir = {
    dir,
    secretsDir,
    write: (file, text) => writeFileSync(join(dir, file), text),
    writeSecret: (name, value) => {
      mkdirSync(secretsDir, { recursive: true });
      writeFileSync(join(secretsDir, name), value);
    },
    remove: (file) => rmSync(join(dir, file), { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [file, text] of Object.entries(files)) settings.write(file, text);
  for (const [name, value] of Object.entries(secrets)) settings.writeSecret(name, value);
  return settings;
}

/** A logger that records what it is told. */
export function recordingLogger(): { log: jest.Mock; warn: jest.Mock; error: jest.Mock } {
  return { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
}
