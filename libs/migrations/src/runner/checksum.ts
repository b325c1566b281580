import { createHash } from 'node:crypto';

/**
 * The checksum of a migration's source: SHA-256 of its `up`/`down` method text (and `transactional`) with comments,
 * whitespace, quote style, trailing commas, semicolons and the compilers' spellings of imported names normalised
 * away, so the TypeScript source run through swc/ts-node and the tsc-compiled `.js` of the same class agree, while
 * any change to a statement, a name or a value changes it.
 */
export function migrationChecksum(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(normaliseSource(part)).update('\u0000');
  return hash.digest('hex');
}

/** Imported bindings as compilers spell them: swc `(0, _mod.fn)(` / `_mod.x`, tsc `(0, mod_1.fn)(` / `mod_1.x`. */
const INDIRECT_CALL = /\(0,[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)\)/g;
const SWC_BINDING = /(^|[^\w$.])_[A-Za-z$][\w$]*\./g;
const TSC_BINDING = /(^|[^\w$.])[A-Za-z_$][\w$]*?_\d+\./g;

/** @internal */
export function normaliseSource(source: string): string {
  // NOTE: the module part of an imported name is dropped (swc derives it from the path, tsc from the path plus a
  // counter), so `_userentity.USERS_TABLE` and `user_entity_1.USERS_TABLE` both read `USERS_TABLE`.
  return stripFormatting(source).replace(INDIRECT_CALL, '$1').replace(SWC_BINDING, '$1').replace(TSC_BINDING, '$1');
}

// NOTE: one pass over the UTF-16 code units; runs of ordinary characters are copied as slices (a character at a
// time cost ~1.5 ms of every start of apps/api for its eight migrations). The output is exactly the one the
// checksums stored in history tables were computed from (test/checksum-format.spec.ts compares it with the
// character-at-a-time form).
function stripFormatting(source: string): string {
  const parts: string[] = [];
  let run = 0;
  let index = 0;
  const flush = (end: number): void => {
    if (end > run) parts.push(source.slice(run, end));
  };
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code === SLASH) {
      const next = source.charCodeAt(index + 1);
      if (next === SLASH) {
        flush(index);
        const end = source.indexOf('\n', index);
        index = end === -1 ? source.length : end;
        run = index;
        continue;
      }
      if (next === STAR) {
        flush(index);
        const end = source.indexOf('*/', index + 2);
        index = end === -1 ? source.length : end + 2;
        run = index;
        continue;
      }
    }
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === BACKTICK) {
      flush(index);
      const end = stringEnd(source, index);
      const body = source.slice(index + 1, end);
      // NOTE: text inside quotes keeps its content; only the quote character is normalised ('a' and "a" agree).
      parts.push(code === BACKTICK ? `\`${body}\`` : `"${body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"')}"`);
      index = end + 1;
      run = index;
      continue;
    }
    if (code === SEMICOLON || isSpace(source, index)) {
      flush(index);
      index++;
      run = index;
      continue;
    }
    if (code === COMMA) {
      const following = nextSignificant(source, index + 1);
      if (following === ')' || following === ']' || following === '}') {
        flush(index);
        index++;
        run = index;
        continue;
      }
    }
    index++;
  }
  flush(Math.min(index, source.length));
  return parts.join('');
}

const SLASH = 0x2f;
const STAR = 0x2a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKTICK = 0x60;
const SEMICOLON = 0x3b;
const COMMA = 0x2c;
const WHITESPACE = /\s/;

/** `/\s/.test(source[index])`, without the regular expression for ASCII. */
function isSpace(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WHITESPACE.test(source.charAt(index));
}

function stringEnd(source: string, start: number): number {
  const quote = source[start];
  let index = start + 1;
  while (index < source.length) {
    if (source[index] === '\\') {
      index += 2;
      continue;
    }
    if (source[index] === quote) return index;
    index++;
  }
  return source.length;
}

function nextSignificant(source: string, from: number): string | undefined {
  for (let index = from; index < source.length; index++) {
    if (!isSpace(source, index)) return source[index];
  }
  return undefined;
}
