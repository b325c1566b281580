import { Equal, In, IsNull, MoreThan } from 'typeorm';
import { stableKey } from '../src/repository/stable-key';

describe('stableKey', () => {
  it('spells criteria the same whatever the key order, and keeps values apart', () => {
    expect(stableKey({ where: { b: 1, a: 'x' } })).toBe(stableKey({ where: { a: 'x', b: 1 } }));
    expect(stableKey({ where: { a: 'x', b: 1 } })).toBe('{"where":{"a":"x","b":1}}');
    expect(stableKey({ a: '1' })).not.toBe(stableKey({ a: 1 }));
    expect(stableKey({ a: 'x,"b":1' })).not.toBe(stableKey({ a: 'x', b: 1 }));
    expect(stableKey({ a: null })).not.toBe(stableKey({ a: undefined }));
    expect(stableKey({ a: true })).not.toBe(stableKey({ a: 'true' }));
  });

  it('spells primitives, dates, bigints, arrays (holes too) and toJSON values', () => {
    expect(stableKey('s')).toBe('"s"');
    expect(stableKey(5)).toBe('5');
    expect(stableKey(Number.NaN)).toBe('null');
    expect(stableKey(10n)).toBe('10n');
    expect(stableKey(null)).toBe('null');
    expect(stableKey(undefined)).toBe('undefined');
    expect(stableKey(new Date(0))).toBe('D1970-01-01T00:00:00.000Z');
    // eslint-disable-next-line no-sparse-arrays
    expect(stableKey([1, , null, undefined, 'x'])).toBe('[1,,null,undefined,"x"]');
    expect(stableKey([])).toBe('[]');
    expect(stableKey({})).toBe('{}');
    expect(stableKey(Object.create(null) as object)).toBe('{}');
    expect(stableKey({ spec: { toJSON: () => ({ k: 1 }) } })).toBe('{"spec":{"k":1}}');
  });

  it('keeps the class name of operators, so different operators on one value differ', () => {
    const moreThan = stableKey({ age: MoreThan(3) });
    expect(moreThan).toMatch(/^\{"age":FindOperator\{/);
    expect(moreThan).not.toBe(stableKey({ age: Equal(3) }));
    expect(stableKey({ id: In([1, 2]) })).not.toBe(stableKey({ id: In([2, 1]) }));
    expect(stableKey({ a: IsNull() })).toBe(stableKey({ a: IsNull() }));
  });
});
