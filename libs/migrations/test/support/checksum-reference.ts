// The character-at-a-time normalisation the stored checksums were computed with, before start-up work on it
// (issue 10): test/checksum-format.spec.ts checks that src/runner/checksum.ts gives exactly the same text.
/** Imported bindings as compilers spell them: swc `(0, _mod.fn)(` / `_mod.x`, tsc `(0, mod_1.fn)(` / `mod_1.x`. */
const INDIRECT_CALL = /\(0,[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)\)/g;
const SWC_BINDING = /(^|[^\w$.])_[A-Za-z$][\w$]*\./g;
const TSC_BINDING = /(^|[^\w$.])[A-Za-z_$][\w$]*?_\d+\./g;

export function referenceNormaliseSource(source: string): string {
  // NOTE: the module part of an imported name is dropped (swc derives it from the path, tsc from the path plus a
  // counter), so `_userentity.USERS_TABLE` and `user_entity_1.USERS_TABLE` both read `USERS_TABLE`.
  return stripFormatting(source).replace(INDIRECT_CALL, '$1').replace(SWC_BINDING, '$1').replace(TSC_BINDING, '$1');
}

function stripFormatting(source: string): string {
  let out = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    const next = source[index + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', index);
      index = end === -1 ? source.length : end;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      index = end === -1 ? source.length : end + 2;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(source, index);
      const body = source.slice(index + 1, end);
      // NOTE: text inside quotes keeps its content; only the quote character is normalised ('a' and "a" agree).
      out += char === '`' ? `\`${body}\`` : `"${body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"')}"`;
      index = end + 1;
      continue;
    }
    if (/\s/.test(char) || char === ';') {
      index++;
      continue;
    }
    if (char === ',') {
      const following = nextSignificant(source, index + 1);
      if (following === ')' || following === ']' || following === '}') {
        index++;
        continue;
      }
    }
    out += char;
    index++;
  }
  return out;
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
    if (!/\s/.test(source[index])) return source[index];
  }
  return undefined;
}
