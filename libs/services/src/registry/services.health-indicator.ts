import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { SERVICES_HEALTH_KEY } from '../services.constants';
import { ServiceRegistry } from './service-registry';

/**
 * Terminus indicator over every registered service: `up` when all are healthy, else `down` with each
 * service's state and error.
 *
 * ```ts
 * @Get('health') @HealthCheck() check() { return this.health.check([() => this.services.isHealthy()]); }
 * ```
 */
@Injectable()
export class ServicesHealthIndicator {
  constructor(
    private readonly registry: ServiceRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy(key: string = SERVICES_HEALTH_KEY): Promise<HealthIndicatorResult> {
    const services = await this.registry.healthAll();
    const session = this.indicators.check(key);
    const healthy = Object.values(services).every((service) => service.status === 'healthy');
    return healthy ? session.up({ services }) : session.down({ services });
  }
}
