import { compareVersions } from './compare-versions';

describe('compareVersions', () => {
  const sorted = (versions: string[]) => [...versions].sort(compareVersions);

  it('compares runs of digits as numbers', () => {
    expect(sorted(['10', '2', '1', '001a', '100'])).toEqual(['1', '001a', '2', '10', '100']);
  });

  it('orders dotted versions part by part, a prefix first', () => {
    expect(sorted(['1.2.10', '1.10', '1.2', '1.2.9', '1.2.1'])).toEqual(['1.2', '1.2.1', '1.2.9', '1.2.10', '1.10']);
  });

  it('orders timestamps longer than a safe integer', () => {
    expect(sorted(['20240101120000000000001', '20240101120000000000000', '9'])).toEqual(['9', '20240101120000000000000', '20240101120000000000001']);
  });

  it('puts numbers before text at the same place and is total for equal numbers', () => {
    expect(sorted(['lib-001', '001', 'a'])).toEqual(['001', 'a', 'lib-001']);
    expect(compareVersions('01', '1')).not.toBe(0);
    expect(Math.sign(compareVersions('01', '1'))).toBe(-Math.sign(compareVersions('1', '01')));
    expect(compareVersions('3', '3')).toBe(0);
  });
});
