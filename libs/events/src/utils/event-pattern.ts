import { InvalidEventNameError } from '../errors/invalid-event-name.error';
import { InvalidEventPatternError } from '../errors/invalid-event-pattern.error';

const SEGMENT = /^[A-Za-z0-9_:-]+$/;

/** Why `pattern` is not a valid handler pattern, or `undefined` when it is. */
export function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return `a pattern is a string, got ${typeof pattern}`;
  if (pattern.length === 0) return 'it is empty';
  for (const segment of pattern.split('.')) {
    if (segment === '*' || segment === '**') continue;
    if (segment.length === 0) return 'it has an empty segment (leading, trailing or double dot)';
    if (segment.includes('*')) return `segment "${segment}" mixes '*' with other characters`;
    if (!SEGMENT.test(segment)) return `segment "${segment}" has characters outside [A-Za-z0-9_:-]`;
  }
  return undefined;
}

/** Throws `InvalidEventPatternError` naming `owner` (e.g. `UserListener.onCreated`) when `pattern` is invalid. */
export function assertValidPattern(pattern: unknown, owner: string): asserts pattern is string {
  const problem = patternProblem(pattern);
  if (problem) throw new InvalidEventPatternError(pattern, owner, problem);
}

/** Throws `InvalidEventNameError` unless `name` is a concrete (wildcard-free) event name. */
export function assertValidEventName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new InvalidEventNameError(name, `a name is a string, got ${typeof name}`);
  const problem = patternProblem(name);
  if (problem) throw new InvalidEventNameError(name, problem);
  if (name.includes('*')) throw new InvalidEventNameError(name, 'wildcards belong in handler patterns, not in emitted names');
}
