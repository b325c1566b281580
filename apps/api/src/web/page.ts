import type { FieldError } from '@acb/services';
import type { WebRequest } from './web-request';

/** What every page template gets: the title, the signed-in user and the session's CSRF token, plus `data`. */
export function page(req: WebRequest, title: string, data: Record<string, unknown> = {}): Record<string, unknown> {
  return { title, user: req.acbSession?.user, csrf: req.acbSession?.csrf, ...data };
}

/** Field errors keyed by field (first message each), for re-rendering a form. */
export function fieldMessages(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    const field = error.path.split(/[.[]/)[0] || 'form';
    out[field] ??= Object.values(error.constraints)[0] ?? 'invalid';
  }
  return out;
}

/** A local path to go to after logging in (never another origin). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}

/** The form values to show again (never the password). */
export function echo(body: unknown, fields: readonly string[]): Record<string, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, typeof source[field] === 'string' ? (source[field] as string) : '']));
}
