import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AcbConfigModule, type AcbConfigModuleOptions } from '@acb/config';
import { AcbAdaptersModule, importAdapter, type AdapterCategory, type AdapterChoice, type AdapterTypes } from '@acb/adapters';

export interface IntegrationEnvironmentOptions extends Omit<AcbConfigModuleOptions, 'hotReload'> {
  /** Per-category choices over the settings (`{ cache: 'redis' }`). */
  adapters?: Partial<Record<AdapterCategory, AdapterChoice>>;
}

/**
 * Builds the REAL adapters a settings directory selects, for integration tests — the seed's `IntegrationTest`.
 *
 * ```ts
 * const env = new IntegrationEnvironment({ settingsDir: 'settings', env: process.env });
 * const cache = await env.createAdapter('cache');   // connected, as settings/adapters.yml says
 * afterAll(() => env.close());                      // closes every adapter it created
 * ```
 */
export class IntegrationEnvironment {
  private readonly contexts: INestApplicationContext[] = [];

  constructor(private readonly options: IntegrationEnvironmentOptions = {}) {}

  /** A connected adapter of `category`, chosen and configured by the settings (and `options.adapters`). */
  async createAdapter<C extends AdapterCategory>(category: C): Promise<InstanceType<AdapterTypes[C]>> {
    const { adapters, ...config } = this.options;
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbConfigModule.forRoot(config),
        AcbAdaptersModule.forRoot({ ...adapters, categories: [category], connectAttempts: 3, connectDelayMs: 200 }),
      ],
    }).compile();
    const context = await moduleRef.init();
    this.contexts.push(context);
    return context.get(importAdapter(category)) as InstanceType<AdapterTypes[C]>;
  }

  /** Closes every adapter created here, newest first. */
  async close(): Promise<void> {
    while (this.contexts.length > 0) await this.contexts.pop()?.close();
  }
}
