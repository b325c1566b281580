import { MissingReferenceError } from '../errors/missing-reference.error';

/** What `${...}` references resolve against: the run's input and the outputs of earlier steps. */
export interface InterpolationScope {
  input: Readonly<Record<string, unknown>>;
  outputs: Readonly<Record<string, unknown>>;
}

/** A compiled params (or condition) template: returns the value with every reference replaced. */
export type CompiledTemplate = (scope: InterpolationScope) => unknown;

const REFERENCE = /\$\{([^}]+)\}/g;
const WHOLE_REFERENCE = /^\$\{([^}]+)\}$/;

/**
 * Compiles a value holding `${order_id}` / `${steps.validate.output.total}` references. A string that is exactly one
 * reference keeps the referenced value's type; a reference inside a larger string is written as text (objects as
 * JSON). A value without references compiles to a function returning it unchanged.
 */
export function compileTemplate(value: unknown): CompiledTemplate {
  if (!containsReference(value)) return () => value;
  return build(value);
}

/** Every reference path in `value` (`steps.validate.output.total`, `order_id`). */
export function listReferences(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const match of value.matchAll(REFERENCE)) into.push(match[1].trim());
  } else if (Array.isArray(value)) {
    for (const item of value) listReferences(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) listReferences(item, into);
  }
  return into;
}

/** The step id a reference reads from (`steps.<id>....`), or undefined for an input reference. */
export function referencedStep(reference: string): string | undefined {
  if (!reference.startsWith('steps.')) return undefined;
  const id = reference.slice(6).split('.')[0];
  return id.length > 0 ? id : undefined;
}

function containsReference(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(containsReference);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsReference);
  return false;
}

function build(value: unknown): CompiledTemplate {
  if (typeof value === 'string') return compileString(value);
  if (Array.isArray(value)) {
    const items = value.map(compileTemplate);
    return (scope) => items.map((item) => item(scope));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileTemplate(item)] as const);
    return (scope) => {
      const result: Record<string, unknown> = {};
      for (const [key, item] of entries) result[key] = item(scope);
      return result;
    };
  }
  return () => value;
}

function compileString(text: string): CompiledTemplate {
  const whole = WHOLE_REFERENCE.exec(text);
  if (whole) {
    const path = parsePath(whole[1]);
    return (scope) => resolve(path, scope);
  }
  const parts: Array<string | ParsedPath> = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    parts.push(text.slice(last, match.index));
    parts.push(parsePath(match[1]));
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return (scope) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : asText(resolve(part, scope));
    return out;
  };
}

interface ParsedPath {
  reference: string;
  segments: string[];
}

function parsePath(reference: string): ParsedPath {
  const trimmed = reference.trim();
  return { reference: trimmed, segments: trimmed.split('.') };
}

function resolve(path: ParsedPath, scope: InterpolationScope): unknown {
  const { segments } = path;
  let current: unknown;
  let index: number;
  if (segments[0] === 'steps' && segments.length >= 3 && segments[2] === 'output') {
    if (!Object.hasOwn(scope.outputs, segments[1])) throw new MissingReferenceError(path.reference);
    current = scope.outputs[segments[1]];
    index = 3;
  } else {
    current = scope.input;
    index = 0;
  }
  for (; index < segments.length; index++) {
    const key = segments[index];
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      throw new MissingReferenceError(path.reference);
    }
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined) throw new MissingReferenceError(path.reference);
  return current;
}

function asText(value: unknown): string {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
}
