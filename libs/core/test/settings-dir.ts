import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away settings directory: `files` maps `app.yml` (or `secrets/db_password`) to its content. */
export class SettingsDir {
  readonly path = mkdtempSync(join(tmpdir(), 'acb-core-settings-'));

  constructor(files: Record<string, string> = {}) {
    for (const [name, content] of Object.entries(files)) this.write(name, content);
  }

  write(name: string, content: string): void {
    const file = join(this.path, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
