import type { DynamicModule, Provider } from '@nestjs/common';

/**
 * One ACB system composed by `AcbModule` (logger, adapters, events, queues, ...).
 *
 * `module()` returns the system's module configured through its `forRootAsync`, whose factory injects `AcbConfig`
 * and `ACB_MODULE_OPTIONS` and maps the settings (and the `AcbModuleOptions` override under the feature's name) to
 * the system's options. Adding a system to AcbModule is one `*.feature.ts` file and one line in `ACB_FEATURES`.
 */
export interface AcbFeature {
  /** The system's name; also its key in `AcbModuleOptions` for overrides. */
  readonly name: string;
  /** The system's configured module. */
  module(): DynamicModule;
  /** Glue providers added to AcbModule (e.g. reacting to a configuration reload). */
  readonly providers?: Provider[];
  /** Systems this one cannot run without; switching one of them off while this one is on fails the start. */
  readonly requires?: readonly string[];
}
