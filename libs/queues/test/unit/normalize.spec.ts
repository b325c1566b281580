import { InvalidPayloadError, InvalidTaskOptionError, TASK_PRIORITY } from '@acb/queues';
import { normalizePriority, toJsonPayload } from '../../src/utils/normalize';

describe('normalizePriority', () => {
  it('maps names critical > high > normal > low and keeps integers 0..10', () => {
    expect(TASK_PRIORITY.critical).toBeGreaterThan(TASK_PRIORITY.high);
    expect(TASK_PRIORITY.high).toBeGreaterThan(TASK_PRIORITY.normal);
    expect(TASK_PRIORITY.normal).toBeGreaterThan(TASK_PRIORITY.low);
    expect(normalizePriority('t', undefined)).toBe(TASK_PRIORITY.normal);
    expect(normalizePriority('t', 'critical')).toBe(10);
    expect(normalizePriority('t', 0)).toBe(0);
    expect(normalizePriority('t', 10)).toBe(10);
  });

  it.each([11, -1, 2.5, Number.NaN, 'urgent'])('rejects %p', (value) => {
    expect(() => normalizePriority('t', value as never)).toThrow(InvalidTaskOptionError);
  });
});

describe('toJsonPayload', () => {
  it('accepts plain JSON values and turns undefined into null', () => {
    const payload = { a: [1, 'two', { three: true, four: null }], b: -0.5 };
    expect(toJsonPayload('t', payload)).toBe(payload);
    expect(toJsonPayload('t', undefined)).toBeNull();
    expect(toJsonPayload('t', 'text')).toBe('text');
    expect(toJsonPayload('t', Object.create(null))).toEqual({});
  });

  it.each([
    ['an invalid Date', { at: new Date('nope') }, /\$\.at is an invalid Date/],
    ['a class instance', { at: new (class Money {})() }, /\$\.at is a Money/],
    ['a Map', new Map(), /\$ is a Map/],
    ['a function', { f: () => 1 }, /\$\.f is a function/],
    ['a symbol', { s: Symbol('x') }, /symbol/],
    ['a BigInt', [BigInt(1)], /\$\[0\] is a bigint/],
    ['Infinity', { n: Infinity }, /Infinity/],
    ['a hole-like undefined item', [1, undefined], /\$\[1\] is undefined/],
  ])('rejects %s with the path', (_what, payload, message) => {
    expect(() => toJsonPayload('send_email', payload)).toThrow(InvalidPayloadError);
    expect(() => toJsonPayload('send_email', payload)).toThrow(message);
  });

  it('carries Dates with the tagged encoding of the serialization contract, and leaves out undefined fields', () => {
    const at = new Date('2026-12-06T22:45:00.000Z');
    expect(toJsonPayload('t', { at, list: [at], u: undefined })).toEqual({ at: { '$acb:date': at.toISOString() }, list: [{ '$acb:date': at.toISOString() }] });
  });

  it('rejects cycles but accepts shared (acyclic) references', () => {
    const shared = { x: 1 };
    expect(() => toJsonPayload('t', { a: shared, b: shared })).not.toThrow();
    const cyclic: Record<string, unknown> = {};
    cyclic.me = [cyclic];
    expect(() => toJsonPayload('t', cyclic)).toThrow(/circular/);
  });
});

describe('toJsonPayload depth', () => {
  it('accepts a deep but finite payload (past the fast pass) and still finds a deep cycle', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 200; i++) deep = { next: deep };
    expect(toJsonPayload('t', deep)).toBe(deep);
    let cursor = deep;
    for (let i = 0; i < 150; i++) cursor = cursor.next as Record<string, unknown>;
    cursor.back = deep;
    expect(() => toJsonPayload('t', deep)).toThrow(/circular reference/);
    let tooDeep: unknown = 1;
    for (let i = 0; i < 10_000; i++) tooDeep = [tooDeep];
    expect(() => toJsonPayload('t', tooDeep)).toThrow(/nests deeper than 256 levels/);
  });
});
