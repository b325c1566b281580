/** A deterministic text form of query criteria (sorted keys, class names kept) for cache keys. */
export function stableKey(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof Date) return `D${value.toISOString()}`;
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (typeof value === 'object') {
    const candidate = value as { toJSON?: () => unknown; constructor?: { name?: string } };
    if (typeof candidate.toJSON === 'function') return stableKey(candidate.toJSON());
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableKey((value as Record<string, unknown>)[key])}`);
    const name = candidate.constructor?.name && candidate.constructor.name !== 'Object' ? candidate.constructor.name : '';
    return `${name}{${entries.join(',')}}`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value) ?? String(value);
}
