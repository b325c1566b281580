/**
 * Whether a concrete event name matches a handler pattern, with the wildcard rules of EventEmitter2 (so a pattern
 * means the same to `@OnAcbEvent` and `@OnEvent`): `*` is exactly one segment, `**` any number including none.
 * The handler registry and the testing EventRecorder match with it.
 */
export function matchEventPattern(pattern: string, eventName: string): boolean {
  return matchSegments(pattern.split('.'), 0, eventName.split('.'), 0);
}

function matchSegments(pattern: string[], p: number, name: string[], n: number): boolean {
  if (p === pattern.length) return n === name.length;
  const segment = pattern[p];
  if (segment === '**') {
    for (let skip = n; skip <= name.length; skip += 1) {
      if (matchSegments(pattern, p + 1, name, skip)) return true;
    }
    return false;
  }
  if (n === name.length) return false;
  if (segment !== '*' && segment !== name[n]) return false;
  return matchSegments(pattern, p + 1, name, n + 1);
}
