import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, listSectionFiles } from '../loading/section-files.reader';

/**
 * A digest of the names and contents of the section files and secret files. Contents (not mtimes) are hashed:
 * a rewrite within one mtime tick, or with the same size, is still seen. A file vanishing between listing and
 * reading counts as a change; the next poll settles it.
 */
export function settingsFingerprint(settingsDir: string, secretsDir: string): string {
  const hash = createHash('sha256');
  const add = (dir: string, names: readonly string[]): void => {
    for (const name of names) {
      hash.update(`${dir}\0${name}\0`);
      try {
        hash.update(readFileSync(join(dir, name)));
      } catch {
        hash.update('\0unreadable\0');
      }
    }
  };
  add(settingsDir, safeList(() => listSectionFiles(settingsDir)));
  add(secretsDir, safeList(() => listFiles(secretsDir)));
  return hash.digest('hex');
}

function safeList(list: () => string[]): string[] {
  try {
    return list();
  } catch {
    return [];
  }
}
