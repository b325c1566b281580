export interface Factory<T> {
  /** One object: the defaults for the next sequence number, with `overrides` on top. */
  build(overrides?: Partial<T>): T;
  /** `count` objects; `overrides` may depend on the index. */
  buildMany(count: number, overrides?: Partial<T> | ((index: number) => Partial<T>)): T[];
  /** Starts the sequence again at 1. */
  reset(): void;
}

/**
 * Test data in the style of ACB's providers: `const users = defineFactory((n) => ({ id: n, email: `user${n}@example.com` }))`.
 * Each factory keeps its own sequence, so values are unique within a test and repeatable across runs.
 */
export function defineFactory<T>(defaults: (sequence: number) => T): Factory<T> {
  let sequence = 0;
  const build = (overrides?: Partial<T>): T => {
    sequence += 1;
    return { ...defaults(sequence), ...overrides };
  };
  return {
    build,
    buildMany: (count, overrides) =>
      Array.from({ length: count }, (_, index) => build(typeof overrides === 'function' ? overrides(index) : overrides)),
    reset: () => {
      sequence = 0;
    },
  };
}

/**
 * The seed's `AdapterProvider` base: subclass it with static builders (`static userData()`), and use `many()` for lists.
 *
 * ```ts
 * class UserTestProvider extends AdapterProvider {
 *   static userData(overrides = {}) { return { id: 1, name: 'Test User', email: 'test@example.com', ...overrides }; }
 *   static multipleUsers(count = 5) { return this.many(count, (i) => this.userData({ id: i + 1 })); }
 * }
 * ```
 */
export abstract class AdapterProvider {
  static many<T>(count: number, build: (index: number) => T): T[] {
    return Array.from({ length: count }, (_, index) => build(index));
  }
}
