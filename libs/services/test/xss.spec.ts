import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANITIZE_POLICIES, ValidationService } from '../src';

/** Vectors from the OWASP XSS Filter Evasion Cheat Sheet, one per line. */
const VECTORS = readFileSync(join(__dirname, 'fixtures', 'owasp-xss-vectors.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0);

const ALLOWED_TAGS = new Set(SANITIZE_POLICIES.strict.allowedTags as string[]);

/** Everything that would still run script or load active content from the sanitized HTML. */
function executionVectors(html: string): string[] {
  const found: string[] = [];
  if (/<\s*script/i.test(html)) found.push('<script');
  for (const match of html.matchAll(/<\s*\/?\s*([a-z][a-z0-9:-]*)([^>]*)>?/gi)) {
    const [tag, name, attributes] = match;
    if (!ALLOWED_TAGS.has(name.toLowerCase())) found.push(`tag <${name}>`);
    if (/\bon[a-z]+\s*=/i.test(attributes)) found.push(`event handler in ${tag}`);
    if (/style\s*=/i.test(attributes)) found.push(`style in ${tag}`);
    const decoded = attributes.replace(/&#x?[0-9a-f]+;?/gi, '').replace(/\s+/g, '').toLowerCase();
    if (/(javascript|vbscript|data|livescript):/.test(decoded)) found.push(`script URL in ${tag}`);
    const href = /href\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
    if (href !== undefined && !/^(https?:|mailto:)/i.test(href)) found.push(`non-http href "${href}"`);
  }
  return found;
}

describe('sanitizeHtml with the default (strict) policy', () => {
  const validation = new ValidationService();

  it('has at least 30 OWASP vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VECTORS.map((vector, index) => [index + 1, vector]))('neutralises vector %i: %s', (_index, vector) => {
    const clean = validation.sanitizeHtml(vector as string);
    expect(executionVectors(clean)).toEqual([]);
  });

  it('the checker itself flags live vectors (it can fail)', () => {
    expect(executionVectors('<img src=x onerror=alert(1)>')).toEqual(expect.arrayContaining(['tag <img>', expect.stringMatching(/event handler/)]));
    expect(executionVectors('<a href="javascript:alert(1)">x</a>')).toContain('script URL in <a href="javascript:alert(1)">');
    expect(executionVectors('<script>alert(1)</script>')).toContain('<script');
  });

  it('keeps harmless formatting and http links', () => {
    const html = '<p>Hello <b>bold</b> <em>there</em> <a href="https://example.com/x?a=1" title="t">link</a></p>';
    expect(validation.sanitizeHtml(html)).toBe(html);
  });

  it('the text policy keeps text only, escaped', () => {
    expect(validation.sanitizeHtml('<b>hi</b> <script>alert(1)</script> a < b', 'text')).toBe('hi  a &lt; b');
  });

  it('accepts a custom sanitize-html policy', () => {
    expect(validation.sanitizeHtml('<h1>t</h1><i>x</i>', { allowedTags: ['h1'], allowedAttributes: {} })).toBe('<h1>t</h1>x');
  });
});
