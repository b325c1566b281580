/** Messages of the web layer (sessions, CSRF, error pages). */
export const WebMessages = {
  csrfRejected: 'CSRF token missing or invalid',
  signInRequired: 'Sign in to continue',
  notFoundPage: 'Page not found',
  internalError: 'Internal server error',
  viewsMissing: (candidates: string[]): string => `apps/api views directory not found (looked in ${candidates.join(', ')})`,
};
