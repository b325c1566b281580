import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_INDICATORS } from './health.constants';
import type { HealthModuleOptions } from './health-indicator.interface';
import { appIndicator } from './indicators/app.indicator';

/**
 * `GET /health` on @nestjs/terminus. Each system adds its check as a `HealthIndicatorDefinition` in
 * `indicators` (see apps/api/README.md).
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const definitions = options.indicators ?? [appIndicator];
    const tokens = definitions.map((_, index) => Symbol(`acb:health-indicator:${index}`));
    const indicatorProviders: Provider[] = definitions.map((definition, index) => ({
      provide: tokens[index],
      inject: definition.inject ?? [],
      useFactory: definition.useFactory,
    }));
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: true }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ...indicatorProviders,
        { provide: HEALTH_INDICATORS, inject: tokens, useFactory: (...indicators: unknown[]) => indicators },
      ],
    };
  }
}
