import { inspect } from 'node:util';
import { Secret } from '../src';

describe('Secret', () => {
  const secret = new Secret('hunter2');

  it('prints as [redacted] in strings, templates, JSON and inspect', () => {
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect('pw=' + secret).toBe('pw=[redacted]');
    expect(JSON.stringify({ password: secret })).toBe('{"password":"[redacted]"}');
    expect(inspect(secret)).toBe('[redacted]');
    expect(inspect({ nested: { secret } })).not.toContain('hunter2');
  });

  it('keeps the value out of its enumerable properties', () => {
    expect(Object.keys(secret)).toEqual([]);
    expect(JSON.stringify(Object.assign({}, secret))).not.toContain('hunter2');
  });

  it('reveals the value on request and compares by value', () => {
    expect(secret.reveal()).toBe('hunter2');
    expect(secret.equals(new Secret('hunter2'))).toBe(true);
    expect(secret.equals(new Secret('other'))).toBe(false);
    expect(secret.equals('hunter2')).toBe(false);
  });
});
