import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseSource } from '../src/runner/checksum';
import { referenceNormaliseSource } from './support/checksum-reference';
import * as apiMigrations from '../../../apps/api/src/migrations';
import * as workflowsMigration from '../../workflows/src/migrations/create-workflow-tables.migration';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, found);
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** Methods of every exported class (what a migration's checksum is computed from). */
function methodTexts(module: Record<string, unknown>): string[] {
  const texts: string[] = [];
  for (const value of Object.values(module).flatMap((entry) => (Array.isArray(entry) ? entry : [entry]))) {
    if (typeof value !== 'function') continue;
    const prototype = (value as { prototype?: Record<string, unknown> }).prototype ?? {};
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[name];
      if (typeof method === 'function') texts.push(String(method));
    }
  }
  return texts;
}

/** A seeded generator (the failures it finds must be reproducible). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const ALPHABET = ['/', '*', '"', "'", '`', '\\', ';', ',', ')', ']', '}', '(', ' ', '\n', '\t', '\r', '\v', '\f', '\u00a0', '\u2028', '\ufeff', '\u0085', 'a', 'b', '_', '$', '.', '0', '1', '_mod.', 'mod_1.', '(0,_x.f)', '${', 'é', '\ud83d\ude00', '\ud800'];

describe('normaliseSource keeps the text stored checksums were computed from', () => {
  it('gives the character-at-a-time form for the methods of every migration of the repository', () => {
    const texts = [...methodTexts(apiMigrations), ...methodTexts(workflowsMigration)];
    expect(texts.length).toBeGreaterThan(8);
    for (const text of texts) expect(normaliseSource(text)).toBe(referenceNormaliseSource(text));
  });

  it('gives it for whole source files (comments, strings, templates, escapes)', () => {
    const files = [...tsFiles(join(ROOT, 'libs/migrations')), ...tsFiles(join(ROOT, 'apps/api/src/migrations'))];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, text: normaliseSource(text) }).toEqual({ file, text: referenceNormaliseSource(text) });
    }
  });

  it('gives it for 5,000 random texts of the characters the normalisation treats specially', () => {
    const next = random(42);
    for (let i = 0; i < 5000; i += 1) {
      const length = Math.floor(next() * 40);
      let text = '';
      for (let k = 0; k < length; k += 1) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      expect({ text, normalised: normaliseSource(text) }).toEqual({ text, normalised: referenceNormaliseSource(text) });
    }
  });
});
