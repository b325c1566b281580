import { timingSafeEqual } from 'node:crypto';

/** Compares a submitted CSRF token with the session's in constant time (false for anything but two equal strings). */
export function csrfTokenMatches(expected: string | undefined, submitted: unknown): boolean {
  if (typeof expected !== 'string' || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Methods that change nothing and so carry no CSRF token. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
