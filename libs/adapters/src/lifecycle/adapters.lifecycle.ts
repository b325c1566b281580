import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { redactCredentials, redactError, redactedErrorMessage, MissingPeerDependencyError } from '@acb/common';
import { ConstantBackoff, handleAll, retry } from 'cockatiel';
import type { AdapterCategory } from '../adapters.constants';
import { AdaptersMessages } from '../adapters.messages';
import { AdapterConfigurationError } from '../errors/adapter-configuration.error';
import { AdapterConnectionError } from '../errors/adapter-connection.error';
import type { AdapterContext, AdapterLifecycle } from '../interfaces/adapter-context.interface';
import type { AdaptersSelection, ResolvedAdapter } from './adapters-selection';

/** A started adapter, as the health indicator sees it. */
export interface StartedAdapter {
  category: AdapterCategory;
  name: string;
  target: string;
  instance: AdapterLifecycle & { ping?(): Promise<void> };
}

/**
 * Creates, connects and closes one application's adapters. Connecting happens in each adapter's provider factory
 * while the module initialises, so an adapter is connected before anything receives it (even in another module's
 * `onModuleInit`). Attempts are bounded (`connectAttempts`, `connectDelayMs`); the final error names host and port.
 * On shutdown every started adapter is closed, in reverse order.
 */
@Injectable()
export class AdaptersLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('AcbAdapters');
  private readonly started: StartedAdapter[] = [];
  /** Set when one adapter failed to start: adapters still connecting in parallel are closed as they finish. */
  private startFailure: unknown;

  /** The adapters started so far, in start order. */
  list(): readonly StartedAdapter[] {
    return this.started;
  }

  /** The started adapter of `category`, if that category is enabled. */
  get(category: AdapterCategory): StartedAdapter | undefined {
    return this.started.find((adapter) => adapter.category === category);
  }

  /** Instantiates and connects `category`'s adapter; `extra` joins its context (the SQL DataSource). */
  async start(selection: AdaptersSelection, category: AdapterCategory, extra: Record<string, unknown> = {}): Promise<unknown> {
    const resolved = selection.adapters.get(category) as ResolvedAdapter;
    const context: AdapterContext = { ...resolved.context, ...extra };
    let instance: AdapterLifecycle & { ping?(): Promise<void> };
    try {
      instance = new resolved.adapterClass(context) as AdapterLifecycle & { ping?(): Promise<void> };
    } catch (error) {
      // NOTE: settings hold connection URLs: no message, stack or property of what leaves here may show a password.
      if (error instanceof AdapterConfigurationError) throw redactError(error);
      // A missing driver says which package to install; its message holds no setting.
      if (error instanceof MissingPeerDependencyError) throw error;
      throw new AdapterConfigurationError(AdaptersMessages.invalidSettings(category, resolved.name, redactedErrorMessage(error)));
    }
    const target = redactCredentials(instance.target ?? resolved.name);
    try {
      await this.connect(selection, resolved, instance, target);
    } catch (error) {
      this.startFailure ??= error;
      await this.closeOne(resolved.category, resolved.name, instance);
      // NOTE: start failed, so Nest will not call the shutdown hooks: close what did start, or its sockets leak.
      await this.onApplicationShutdown();
      throw error;
    }
    if (this.startFailure !== undefined) {
      // NOTE: Nest resolves providers concurrently; this one connected after another failed, so nobody will close it.
      await this.closeOne(resolved.category, resolved.name, instance);
      throw this.startFailure;
    }
    this.started.push({ category, name: resolved.name, target, instance });
    return instance;
  }

  async onApplicationShutdown(): Promise<void> {
    const adapters = this.started.splice(0).reverse();
    for (const adapter of adapters) await this.closeOne(adapter.category, adapter.name, adapter.instance);
  }

  private async connect(selection: AdaptersSelection, resolved: ResolvedAdapter, instance: AdapterLifecycle, target: string): Promise<void> {
    if (typeof instance.connect !== 'function') return;
    const attempts = selection.connectAttempts;
    const policy = retry(handleAll, { maxAttempts: attempts - 1, backoff: new ConstantBackoff(selection.connectDelayMs) });
    const listener = policy.onRetry((event) => {
      const cause = 'error' in event ? redactCredentials(errorText(event.error)) : 'no connection';
      this.logger.warn(AdaptersMessages.connectRetry(resolved.category, resolved.name, target, event.attempt, attempts, cause));
    });
    try {
      await policy.execute(() => (instance.connect as () => Promise<void>).call(instance));
      this.logger.log(AdaptersMessages.connected(resolved.category, resolved.name, target));
    } catch (error) {
      throw new AdapterConnectionError(resolved.category, resolved.name, target, attempts, redactError(error));
    } finally {
      listener.dispose();
    }
  }

  private async closeOne(category: string, name: string, instance: AdapterLifecycle): Promise<void> {
    if (typeof instance.close !== 'function') return;
    try {
      await instance.close();
    } catch (error) {
      this.logger.error(AdaptersMessages.closeFailed(category, name, redactCredentials(errorText(error))));
    }
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorText).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
