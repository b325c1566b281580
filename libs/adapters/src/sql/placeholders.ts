/** A statement scanned for `?` placeholders outside strings, quoted identifiers and comments. */
export interface ScannedStatement {
  /** The statement for the engine: `?` kept (SQLite) or rewritten to `$1, $2, ...` (PostgreSQL). */
  text: string;
  /** How many `?` placeholders it has. */
  placeholders: number;
}

/**
 * Scans `sql` once. With `numbered`, each `?` becomes `$n` and `??` becomes a literal `?` (the PostgreSQL jsonb
 * operator). Skipped: '...' strings (with '' and, in E'...', backslash escapes), "..." and `...` identifiers,
 * -- and (nested) block comments, and $tag$ dollar-quoted bodies.
 */
export function scanPlaceholders(sql: string, numbered: boolean): ScannedStatement {
  let out = '';
  let count = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'") {
      const backslashEscapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isWordChar(sql[i - 2]);
      const end = skipQuoted(sql, i, "'", backslashEscapes);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '"' || ch === '`') {
      const end = skipQuoted(sql, i, ch, false);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      const end = newline === -1 ? n : newline;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '/' && next === '*') {
      const end = skipBlockComment(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '$' && numbered && !isWordChar(sql[i - 1])) {
      const end = skipDollarQuoted(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '?') {
      if (numbered && next === '?') {
        out += '?';
        i += 2;
      } else {
        count += 1;
        out += numbered ? `$${count}` : '?';
        i += 1;
      }
    } else {
      out += ch;
      i += 1;
    }
  }
  return { text: out, placeholders: count };
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/** Index just after the closing quote (doubled quotes escape it). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** `$$...$$` or `$tag$...$tag$`; a `$` that does not open one (`$1`) is returned as one character. */
function skipDollarQuoted(sql: string, start: number): number {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 64));
  if (!match) return start + 1;
  const tag = match[0];
  const close = sql.indexOf(tag, start + tag.length);
  return close === -1 ? sql.length : close + tag.length;
}
