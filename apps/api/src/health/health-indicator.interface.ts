import type { InjectionToken, ModuleMetadata } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * How a system adds a check to `GET /health`: a factory, with injected dependencies, returning a terminus
 * indicator function. The function's result key names the check in the report (`cache`, `sql`, `queue`, ...).
 *
 * @example
 * export const cacheIndicator: HealthIndicatorDefinition = {
 *   inject: [CacheAdapter, HealthIndicatorService],
 *   useFactory: (cache: CacheAdapter, health: HealthIndicatorService) => async () =>
 *     (await cache.ping()) ? health.check('cache').up() : health.check('cache').down('no answer'),
 * };
 * HealthModule.forRoot({ indicators: [appIndicator, cacheIndicator] });
 */
export interface HealthIndicatorDefinition {
  inject?: InjectionToken[];
  useFactory: (...dependencies: any[]) => HealthIndicatorFunction;
}

/** Options of `HealthModule.forRoot()`. */
export interface HealthModuleOptions {
  /**
   * The checks of `GET /health`, run together; any `down` answers 503 with the whole report.
   * @default [appIndicator]
   */
  indicators?: HealthIndicatorDefinition[];
  /** Modules exporting what the indicators inject (global modules, AcbModule's included, need no import). */
  imports?: ModuleMetadata['imports'];
}
