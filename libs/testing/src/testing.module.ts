import { Module, type DynamicModule } from '@nestjs/common';
import { composeTestingEnvironment } from './environment/testing-environment.composition';
import type { AcbTestingModuleOptions } from './interfaces/testing-module-options.interface';

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
export class AcbTestingModule {
  /** @see AcbTestingModuleOptions for the options and their defaults. */
  static forRoot(options: AcbTestingModuleOptions = {}): DynamicModule {
    const { imports, providers, exports } = composeTestingEnvironment(options);
    return { module: AcbTestingModule, global: true, imports, providers, exports: [...imports, ...exports] };
  }
}
