import { scanPlaceholders } from './placeholders';

describe('scanPlaceholders', () => {
  it('numbers placeholders for PostgreSQL and keeps them for SQLite', () => {
    const sql = 'SELECT * FROM t WHERE a = ? AND b IN (?, ?)';
    expect(scanPlaceholders(sql, true)).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)', placeholders: 3 });
    expect(scanPlaceholders(sql, false)).toEqual({ text: sql, placeholders: 3 });
  });

  it.each([
    ["'?'", "SELECT '?', ? FROM t", "SELECT '?', $1 FROM t"],
    ["doubled quotes", "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"],
    ['E-string backslash escapes', "SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1"],
    ['quoted identifiers', 'SELECT "a?""b", ?', 'SELECT "a?""b", $1'],
    ['backtick identifiers', 'SELECT `a?`, ?', 'SELECT `a?`, $1'],
    ['line comments', 'SELECT ? -- why?\n, ?', 'SELECT $1 -- why?\n, $2'],
    ['nested block comments', 'SELECT /* a /* ? */ ? */ ?', 'SELECT /* a /* ? */ ? */ $1'],
    ['dollar-quoted bodies', 'SELECT $$ ? $$, $fn$ ? $fn$, ?', 'SELECT $$ ? $$, $fn$ ? $fn$, $1'],
    ['existing $n parameters', 'SELECT $1, ?', 'SELECT $1, $1'],
    ['?? as the jsonb operator', "SELECT doc ?? 'k', doc ??| array[?]", "SELECT doc ? 'k', doc ?| array[$1]"],
  ])('skips %s', (_case, sql, expected) => {
    expect(scanPlaceholders(sql, true).text).toBe(expected);
  });

  it('treats backslash as an escape only in E-strings, not after an identifier ending in E', () => {
    expect(scanPlaceholders("SELECT E'x\\', ?", true)).toEqual({ text: "SELECT E'x\\', ?", placeholders: 0 });
    expect(scanPlaceholders("SELECT namE'x\\', ?", true)).toEqual({ text: "SELECT namE'x\\', $1", placeholders: 1 });
    expect(scanPlaceholders("SELECT 'x\\', ?", true)).toEqual({ text: "SELECT 'x\\', $1", placeholders: 1 });
  });

  it('tolerates unterminated strings and comments', () => {
    expect(scanPlaceholders("SELECT ?, 'open ?", true)).toEqual({ text: "SELECT $1, 'open ?", placeholders: 1 });
    expect(scanPlaceholders('SELECT ? /* open ?', true)).toEqual({ text: 'SELECT $1 /* open ?', placeholders: 1 });
  });
});
