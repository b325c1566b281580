import {
  DATE_TAG,
  MAX_TRANSPORTABLE_DEPTH,
  decodeTransportable,
  deserializeTransportable,
  encodeTransportable,
  findTransportProblem,
  serializeTransportable,
} from '../src';

class Point {
  constructor(readonly x: number) {}
}

describe('the serialization contract (cache, queues, events)', () => {
  it.each([
    ['null', null],
    ['text', 'a'],
    ['a number', 1.5],
    ['a plain object', { a: 1, b: [true, null, 'x'], c: { d: {} } }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
    ['a Date', new Date('2026-12-06T22:45:00.123Z')],
    ['Dates inside', { at: new Date(0), list: [new Date(1), { when: new Date(2) }] }],
  ])('round-trips %s exactly', (_label, value) => {
    expect(findTransportProblem(value)).toBeUndefined();
    const back = deserializeTransportable(serializeTransportable(value));
    expect(back).toEqual(value);
    if (value instanceof Date) expect(back).toBeInstanceOf(Date);
  });

  it('leaves out undefined object properties, as JSON does', () => {
    expect(findTransportProblem({ a: 1, b: undefined })).toBeUndefined();
    expect(deserializeTransportable(serializeTransportable({ a: 1, b: undefined }))).toEqual({ a: 1 });
  });

  it.each([
    ['undefined', undefined, '$', /undefined/],
    ['NaN', { n: NaN }, '$.n', /NaN/],
    ['Infinity', [1, Infinity], '$[1]', /Infinity/],
    ['undefined in an array', [1, undefined], '$[1]', /undefined/],
    ['a hole in an array', [1, , 3], '$[1]', /undefined/], // eslint-disable-line no-sparse-arrays
    ['a function', { f: () => 1 }, '$.f', /function/],
    ['a symbol', { s: Symbol('x') }, '$.s', /symbol/],
    ['a BigInt', { n: BigInt(1) }, '$.n', /bigint/],
    ['a Map', { m: new Map([[1, 2]]) }, '$.m', /Map, not a plain object/],
    ['a Set', { s: new Set([1]) }, '$.s', /Set, not a plain object/],
    ['a Buffer', { b: Buffer.from('x') }, '$.b', /Buffer, not a plain object/],
    ['a RegExp', { r: /x/ }, '$.r', /RegExp, not a plain object/],
    ['a class instance', { p: new Point(1) }, '$.p', /Point, not a plain object/],
    ['an invalid Date', { d: new Date('nope') }, '$.d', /invalid Date/],
    ['the reserved tag', { x: { [DATE_TAG]: '2020-01-01' } }, `$.x.${DATE_TAG}`, /reserved key/],
  ])('refuses %s, naming the path', (_label, value, path, reason) => {
    const problem = findTransportProblem(value);
    expect(problem?.path).toBe(path);
    expect(problem?.reason).toMatch(reason);
  });

  it('refuses a cycle and over-deep nesting with a clear reason, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = { a: {} };
    (cyclic.a as Record<string, unknown>).back = cyclic;
    expect(findTransportProblem(cyclic)).toEqual({ path: '$.a.back', reason: 'is a circular reference' });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTransportProblem(deep)?.reason).toBe(`nests deeper than ${MAX_TRANSPORTABLE_DEPTH} levels`);
    let fine: unknown = 1;
    for (let i = 0; i < MAX_TRANSPORTABLE_DEPTH; i++) fine = { next: fine };
    expect(findTransportProblem(fine)).toBeUndefined();
  });

  it('does not copy a value without Dates', () => {
    const plain = { a: [1, { b: 2 }] };
    expect(encodeTransportable(plain)).toBe(plain);
    expect(decodeTransportable(plain)).toBe(plain);
  });
});

describe('objects of another realm', () => {
  // better-sqlite3 builds rows in the realm that first loaded it: under jest, another test file's vm context.
  it('accepts a plain object made in another vm context and refuses a class instance made there', () => {
    const { runInNewContext } = require('node:vm') as typeof import('node:vm');
    const row = runInNewContext('({ id: 1, email: "ada@example.com", tags: ["a"] })') as object;
    expect(Object.getPrototypeOf(row)).not.toBe(Object.prototype);
    expect(findTransportProblem(row, 'value')).toBeUndefined();
    const instance = runInNewContext('new (class Point { constructor() { this.x = 1; } })()') as object;
    expect(findTransportProblem(instance, 'value')).toEqual({ path: 'value', reason: expect.stringContaining('not a plain object') });
  });
});
