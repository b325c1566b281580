import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Inject } from '@nestjs/common';
import { ADAPTERS_SELECTION, type AdapterCategory } from '../adapters.constants';
import { AdaptersMessages } from '../adapters.messages';
import { AdapterTimeoutError } from '../errors/adapter-timeout.error';
import type { AdaptersSelection } from '../lifecycle/adapters-selection';
import { AdaptersLifecycle, type StartedAdapter } from '../lifecycle/adapters.lifecycle';

/**
 * A @nestjs/terminus health indicator for the selected adapters: each check calls the adapter's `ping()` with a
 * timeout (`healthTimeoutMs`, default 1000 ms) and reports `down` with the reason when it fails or is late.
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.adapters.isHealthy('cache'), () => this.adapters.checkAll()]); }
 * ```
 */
@Injectable()
export class AdaptersHealthIndicator {
  constructor(
    private readonly lifecycle: AdaptersLifecycle,
    private readonly indicator: HealthIndicatorService,
    @Inject(ADAPTERS_SELECTION) private readonly selection: AdaptersSelection,
  ) {}

  /** One category, under the key `key` (default: the category name, e.g. `cache`). */
  async isHealthy(category: AdapterCategory, key: string = category): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    const adapter = this.lifecycle.get(category);
    if (!adapter) return session.down({ message: AdaptersMessages.notStarted(category) });
    const failure = await this.ping(adapter);
    const details = { adapter: adapter.name, target: adapter.target };
    return failure ? session.down({ ...details, message: failure }) : session.up(details);
  }

  /** Every started adapter, one key per category. */
  async checkAll(): Promise<HealthIndicatorResult> {
    const results = await Promise.all(this.lifecycle.list().map((adapter) => this.isHealthy(adapter.category)));
    return Object.assign({}, ...results) as HealthIndicatorResult;
  }

  /** `undefined` when the ping answered in time, else the reason. */
  private async ping(adapter: StartedAdapter): Promise<string | undefined> {
    if (typeof adapter.instance.ping !== 'function') return undefined;
    const timeoutMs = this.selection.healthTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AdapterTimeoutError(adapter.category, adapter.name, timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([adapter.instance.ping(), late]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message || error.name : String(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
