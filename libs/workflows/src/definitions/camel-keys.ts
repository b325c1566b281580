/** A copy of a plain object with snake_case keys written in camelCase (`depends_on` -> `dependsOn`); one level. */
export function camelKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (out[camel] === undefined) out[camel] = item;
  }
  return out;
}
