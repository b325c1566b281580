import { Inject } from '@nestjs/common';
import type { AdapterCategory } from '../adapters.constants';
import { importAdapter } from '../registry/adapters.registry';

/** Injects the selected adapter of `category`: `constructor(@InjectAdapter('cache') cache: CacheAdapter)`. */
export function InjectAdapter(category: AdapterCategory): PropertyDecorator & ParameterDecorator {
  return Inject(importAdapter(category));
}
