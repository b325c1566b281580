/** A typed jest mock of an adapter: every method a `jest.fn()`, properties as given. */
export type MockOf<T> = {
  -readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> & T[K] : T[K];
};

/** The names of `T`'s methods. */
type MethodKeys<T> = { [K in keyof T]-?: T[K] extends (...args: any[]) => any ? K : never }[keyof T];

/** A default implementation for every method of `T` (a method left out would be missing at run time). */
export type MethodImplementations<T> = { [K in MethodKeys<T>]: (...args: any[]) => unknown };

/**
 * Builds a mock from the method names of an interface (abstract methods do not exist at run time, so each mock lists
 * its interface's methods) with default implementations a test can override per call
 * (`cache.get.mockResolvedValue(...)`).
 */
export function mockOf<T>(
  properties: Partial<Record<keyof T, unknown>>,
  methods: MethodImplementations<T>,
): MockOf<T> {
  const mock: Record<string, unknown> = { ...properties };
  for (const [name, implementation] of Object.entries(methods as Record<string, unknown>)) {
    mock[name] = jest.fn(implementation as (...args: any[]) => unknown);
  }
  return mock as MockOf<T>;
}
