/**
 * A deterministic text form of query criteria (sorted keys, class names kept) for cache keys. Built with loops and
 * string appends (no intermediate arrays) because it runs on every cached read, hits included.
 */
export function stableKey(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'object':
      break;
    case 'bigint':
      return `${value}n`;
    default:
      return JSON.stringify(value) ?? String(value);
  }
  if (value instanceof Date) return `D${value.toISOString()}`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // NOTE: a hole renders as nothing, as `join` would.
      if (i in value) out += stableKey(value[i]);
    }
    return out + ']';
  }
  const candidate = value as { toJSON?: () => unknown; constructor?: { name?: string } };
  if (typeof candidate.toJSON === 'function') return stableKey(candidate.toJSON());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let body = '';
  for (let i = 0; i < keys.length; i += 1) {
    if (i > 0) body += ',';
    body += JSON.stringify(keys[i]) + ':' + stableKey(record[keys[i]]);
  }
  const name = candidate.constructor?.name && candidate.constructor.name !== 'Object' ? candidate.constructor.name : '';
  return name + '{' + body + '}';
}
