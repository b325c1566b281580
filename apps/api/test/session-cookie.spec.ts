import { sessionIdFromCookieHeader } from '../src/web/session.middleware';

// The session middleware reads its one cookie from the header itself (no cookie-parser on every request).
describe('sessionIdFromCookieHeader', () => {
  it('finds acb_sid wherever it stands among other cookies', () => {
    expect(sessionIdFromCookieHeader('acb_sid=abc')).toBe('abc');
    expect(sessionIdFromCookieHeader('theme=dark; acb_sid=abc; lang=en')).toBe('abc');
    expect(sessionIdFromCookieHeader('theme=dark;acb_sid=abc')).toBe('abc');
    expect(sessionIdFromCookieHeader('a=1;   acb_sid= abc ')).toBe('abc');
  });

  it('takes the first acb_sid, as cookie-parser did', () => {
    expect(sessionIdFromCookieHeader('acb_sid=first; acb_sid=second')).toBe('first');
  });

  it('ignores cookies whose name merely contains acb_sid, and values that merely mention it', () => {
    expect(sessionIdFromCookieHeader('x_acb_sid=evil')).toBeUndefined();
    expect(sessionIdFromCookieHeader('acb_sidx=evil')).toBeUndefined();
    expect(sessionIdFromCookieHeader('note=acb_sid; x_acb_sid=evil; acb_sid=good')).toBe('good');
  });

  it('URL-decodes and unquotes like Express and cookie; a malformed escape is no id', () => {
    expect(sessionIdFromCookieHeader('acb_sid=a%2Db')).toBe('a-b');
    expect(sessionIdFromCookieHeader('acb_sid="abc"')).toBe('abc');
    expect(sessionIdFromCookieHeader('acb_sid=%E0%A4%A')).toBeUndefined();
  });

  it('no header, an array or no acb_sid: undefined', () => {
    expect(sessionIdFromCookieHeader(undefined)).toBeUndefined();
    expect(sessionIdFromCookieHeader(['acb_sid=abc'])).toBeUndefined();
    expect(sessionIdFromCookieHeader('theme=dark')).toBeUndefined();
    expect(sessionIdFromCookieHeader('')).toBeUndefined();
  });
});
