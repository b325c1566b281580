import type { PlainObject } from './plain-object';

/**
 * The YAML that settings files are written in almost always — block mappings of plain keys, comments, plain or
 * quoted scalars, `[]` and `{}` — read in one pass over the lines, with the YAML 1.2 core schema's resolution of
 * plain scalars (null, booleans, decimal integers and floats, else a string) as the `yaml` package applies it.
 * Returns `undefined` for anything else (sequences, anchors and aliases, merge keys, tags, block or multi-line
 * scalars, escapes, flow collections with content, duplicate keys, documents markers, tabs, unusual keys...), and
 * the caller parses the text with `yaml`, which gives the same value or the precise error. `null` for a text with
 * no content (an empty document).
 *
 * NOTE: the start-up cost: `yaml` builds a CST and a document per file (about 0.5 ms for the sample's 13 files once
 * warm, several ms cold); this reads the same files in a few hundredths of a millisecond. Tested against `yaml` on
 * every settings file of the repository and on a corpus of edge cases (test/simple-yaml.spec.ts).
 */
export function parseSimpleYaml(text: string): PlainObject | null | undefined {
  // NOTE: control characters, a BOM, tabs or a stray CR: the full parser decides.
  if (hasUnusualCharacters(text)) return undefined;
  const lines = text.split(LINE_BREAK);
  const root: PlainObject = {};
  const stack: Array<{ indent: number; target: PlainObject }> = [{ indent: 0, target: root }];
  let pending: { target: PlainObject; key: string; indent: number } | undefined;
  let scalarIndent = -1;
  let content = false;
  for (const line of lines) {
    const indent = leadingSpaces(line);
    if (indent === line.length || line.charCodeAt(indent) === HASH) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[2] as string;
    const rest = match[3] ?? '';
    if (!content) {
      if (indent !== 0) return undefined;
      content = true;
    }
    // NOTE: a line deeper than a `key: value` line continues a multi-line scalar (or is an error).
    if (scalarIndent >= 0 && indent > scalarIndent) return undefined;
    scalarIndent = -1;
    if (pending) {
      if (indent > pending.indent) {
        const child: PlainObject = {};
        pending.target[pending.key] = child;
        stack.push({ indent, target: child });
      } else {
        pending.target[pending.key] = null;
      }
      pending = undefined;
    }
    while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent > indent) stack.pop();
    const top = stack[stack.length - 1] as { indent: number; target: PlainObject };
    if (top.indent !== indent) return undefined;
    if (!plainKey(key) || Object.prototype.hasOwnProperty.call(top.target, key)) return undefined;
    const value = stripComment(rest);
    if (value === undefined) return undefined;
    if (value.length === 0) {
      pending = { target: top.target, key, indent };
      continue;
    }
    const resolved = scalar(value);
    if (resolved === UNSUPPORTED) return undefined;
    top.target[key] = resolved;
    scalarIndent = indent;
  }
  if (pending) pending.target[pending.key] = null;
  return content ? root : null;
}

const HASH = 0x23;
const LINE_BREAK = /\r?\n/;

/** C0 controls other than LF/CR (tab included), DEL, C1 controls, a BOM, and a CR not followed by LF. */
function hasUnusualCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code === 0x0a) continue;
    if (code === 0x0d && text.charCodeAt(index + 1) === 0x0a) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff || code === 0x0d) return true;
  }
  return false;
}
/** `key:` or `key: rest` with a plain key (the key's own checks come after). */
const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const NOT_PLAIN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** YAML 1.2 core schema, as the `yaml` package resolves plain scalars. */
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Other core-schema forms (exponent, inf/nan, octal, hex): left to `yaml`. */
const OTHER_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** Characters a plain scalar may not start with (YAML indicators). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const UNSUPPORTED = Symbol('unsupported');

function leadingSpaces(line: string): number {
  let index = 0;
  while (index < line.length && line.charCodeAt(index) === 0x20) index += 1;
  return index;
}

function plainKey(key: string): boolean {
  return !NOT_PLAIN_KEYS.has(key) && !NULL.test(key) && !TRUE.test(key) && !FALSE.test(key);
}

/** The value without its trailing comment (`#` after a space) and spaces; undefined when quotes make that unclear. */
function stripComment(rest: string): string | undefined {
  const first = rest.charAt(0);
  // NOTE: `rest` follows the spaces after `key:`, so a `#` here starts a comment.
  if (first === '#') return '';
  if (first === "'" || first === '"') {
    const end = closingQuote(rest, first);
    if (end < 0) return undefined;
    const after = rest.slice(end + 1);
    if (after.trim().length > 0 && !/^ +#/.test(after)) return undefined;
    return rest.slice(0, end + 1);
  }
  const comment = rest.search(/ #/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trimEnd();
}

function closingQuote(text: string, quote: string): number {
  for (let index = 1; index < text.length; index += 1) {
    if (text.charAt(index) !== quote) continue;
    // NOTE: '' inside single quotes is one quote.
    if (quote === "'" && text.charAt(index + 1) === "'") {
      index += 1;
      continue;
    }
    return index;
  }
  return -1;
}

function scalar(value: string): unknown {
  const first = value.charAt(0);
  if (first === "'") return value.slice(1, -1).replace(/''/g, "'");
  if (first === '"') {
    const inner = value.slice(1, -1);
    return inner.includes('\\') ? UNSUPPORTED : inner;
  }
  if (value === '[]') return [];
  if (value === '{}') return {};
  if (NULL.test(value)) return null;
  if (TRUE.test(value)) return true;
  if (FALSE.test(value)) return false;
  if (INT.test(value)) return parseInt(value, 10);
  if (FLOAT.test(value)) return parseFloat(value);
  if (OTHER_NUMBER.test(value) || INDICATOR_START.test(value) || value.includes(': ') || value.endsWith(':')) return UNSUPPORTED;
  return value;
}
