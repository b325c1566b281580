import type { TestingModuleBuilder } from '@nestjs/testing';
import { importAdapter, type AdapterCategory, type AdapterTypes } from '@acb/adapters';

/**
 * Replaces a category's adapter in a `Test.createTestingModule` builder by `mock` (the real adapter is not
 * constructed): `overrideAdapter(Test.createTestingModule({ imports: [AppModule] }), 'cache', mockCache()).compile()`.
 * @returns the builder, for chaining
 */
export function overrideAdapter<C extends AdapterCategory>(
  builder: TestingModuleBuilder,
  category: C,
  mock: Partial<InstanceType<AdapterTypes[C]>>,
): TestingModuleBuilder {
  return builder.overrideProvider(importAdapter(category)).useValue(mock);
}
