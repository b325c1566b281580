import type { Session } from './session';

// NOTE: the part of Express's request and response this application uses, declared here because express is
// Nest's dependency, not the application's (the lint refuses undeclared imports, types included).

/** An Express request after the session middleware. */
export interface WebRequest {
  method: string;
  path: string;
  originalUrl: string;
  secure: boolean;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  get(name: string): string | undefined;
  is(type: string): string | false | null;
  accepts(types: string[]): string | false;
  acbSession?: Session;
}

/** Options of `res.cookie`. */
export interface CookieOptions {
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  secure?: boolean;
  path?: string;
  maxAge?: number;
}

/** An Express response. */
export interface WebResponse {
  headersSent: boolean;
  status(code: number): WebResponse;
  render(view: string, locals?: object): void;
  redirect(status: number, url: string): void;
  cookie(name: string, value: string, options: CookieOptions): WebResponse;
  clearCookie(name: string, options?: CookieOptions): WebResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}
