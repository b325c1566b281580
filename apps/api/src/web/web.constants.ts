/** Cookie carrying the session id (the session itself lives in the cache adapter). */
export const SESSION_COOKIE = 'acb_sid';
/** Form field and header carrying the CSRF token on unsafe requests. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Session lifetimes, in seconds: anonymous (a form's CSRF token) and signed in. */
export const ANONYMOUS_SESSION_TTL_SECONDS = 60 * 60;
export const USER_SESSION_TTL_SECONDS = 24 * 60 * 60;
