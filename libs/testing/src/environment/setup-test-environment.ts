import type { Abstract, ModuleMetadata, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbConfig } from '@acb/config';
import { MemoryLogDestination } from '@acb/logger';
import type { AcbTestingModuleOptions } from '../interfaces/testing-module-options.interface';
import { AcbTestingModule } from '../testing.module';

/** What `setupTestEnvironment` returns: a started test application. */
export interface TestEnvironment {
  /** The compiled, initialised module (for `drainQueues(env.moduleRef)`, `moduleRef.get(...)`, ...). */
  readonly moduleRef: TestingModule;
  /** The environment's settings. */
  readonly config: AcbConfig;
  /** Every log line written so far. */
  readonly logs: MemoryLogDestination;
  /** A provider of the environment (`env.get(CacheAdapter)`), or of `extra.providers`. */
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T;
  /** Closes the application: adapters disconnect, handlers drain. Idempotent. */
  close(): Promise<void>;
}

/**
 * The seed's `setup_test_environment`: the environment of `AcbTestingModule.forRoot(options)` outside a module
 * declaration, started (adapters connected). `extra` adds the providers and imports under test.
 *
 * ```ts
 * const env = await setupTestEnvironment({ adapters: { cache: 'memory', sql: 'sqlite' }, debug: { enabled: true } });
 * await env.get(CacheAdapter).set('k', 1);
 * expect(env.config.debug.enabled).toBe(true);
 * await env.close();
 * ```
 */
export async function setupTestEnvironment(
  options: AcbTestingModuleOptions = {},
  extra: Pick<ModuleMetadata, 'imports' | 'providers'> = {},
): Promise<TestEnvironment> {
  const moduleRef = await Test.createTestingModule({
    imports: [AcbTestingModule.forRoot(options), ...(extra.imports ?? [])],
    providers: extra.providers ?? [],
  }).compile();
  await moduleRef.init();
  let closing: Promise<void> | undefined;
  return {
    moduleRef,
    config: moduleRef.get(AcbConfig),
    logs: moduleRef.get(MemoryLogDestination),
    get: <T>(token: Type<T> | Abstract<T> | string | symbol): T => moduleRef.get<T>(token, { strict: false }),
    close: () => (closing ??= moduleRef.close()),
  };
}
