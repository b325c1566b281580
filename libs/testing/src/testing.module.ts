import { Module, type DynamicModule } from '@nestjs/common';
import { composeTestingEnvironment, composeTestingEnvironmentAsync } from './environment/testing-environment.composition';
import type { AcbTestingModuleOptions } from './interfaces/testing-module-options.interface';
import { ACB_TESTING_ASYNC_OPTIONS_TYPE, ACB_TESTING_OPTIONS, AcbTestingConfigurableModule } from './testing.module-definition';

/**
 * A whole ACB environment for a test: no settings file, no server, no environment variable. Config, logger (lines kept
 * in an injectable `MemoryLogDestination`, nothing printed), every adapter category on its embedded implementation
 * (SQLite `:memory:`), and on request events (local, with `EventRecorder`) and queues (memory, no worker running).
 * Mocked categories are provided as the given objects and never constructed for real.
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [AcbTestingModule.forRoot({ adapters: { cache: 'memory', sql: 'sqlite' }, mocks: { storage: mockStorage() } })],
 *   providers: [UserService],
 * }).compile();
 * await moduleRef.init();            // adapters connect here
 * afterEach(() => moduleRef.close()); // and close here
 * ```
 * Global: the test's providers inject `CacheAdapter`, `AcbConfig`, `EventPublisher`, ... directly. Each `forRoot`
 * builds a new environment, so two testing modules in one process share nothing.
 */
@Module({})
export class AcbTestingModule extends AcbTestingConfigurableModule {
  /** @see AcbTestingModuleOptions for the options and their defaults. */
  static override forRoot(options: AcbTestingModuleOptions = {}): DynamicModule {
    const { imports, providers, exports } = composeTestingEnvironment(options);
    return { module: AcbTestingModule, global: true, imports, providers, exports: [...imports, ...exports] };
  }

  /**
   * The same environment with its options from a factory (`useFactory` + `inject` + `imports`, `useClass`,
   * `useExisting`); the defaults apply alike. Which systems exist is said here, when the module is built:
   * `events: true`, `queues: true`, and `mocked: ['storage']` for the categories the factory's `mocks` replace.
   *
   * ```ts
   * AcbTestingModule.forRootAsync({
   *   imports: [FixturesModule], inject: [Fixtures], queues: true, mocked: ['storage'],
   *   useFactory: (fixtures: Fixtures) => ({ settings: fixtures.settings, mocks: { storage: fixtures.storage } }),
   * })
   * ```
   */
  static override forRootAsync(options: typeof ACB_TESTING_ASYNC_OPTIONS_TYPE): DynamicModule {
    const definition = super.forRootAsync(options);
    const { imports, providers, exports } = composeTestingEnvironmentAsync(options, ACB_TESTING_OPTIONS);
    return {
      ...definition,
      global: true,
      imports: [...(definition.imports ?? []), ...imports],
      providers: [...(definition.providers ?? []), ...providers],
      // NOTE: exported (the module is global) so the composed modules' factories can inject the options.
      exports: [...imports, ...exports, ACB_TESTING_OPTIONS],
    };
  }
}
