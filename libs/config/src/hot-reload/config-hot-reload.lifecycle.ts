import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AcbConfig } from '../acb-config';
import { DEFAULT_HOT_RELOAD_INTERVAL_MS } from '../config.constants';
import { MODULE_OPTIONS_TOKEN } from '../config.module-definition';
import type { AcbConfigModuleOptions, ConfigHotReloadHandle } from '../interfaces/acb-config-options.interface';
import { enableConfigHotReload } from './enable-config-hot-reload';

/** Starts hot reload on module init when `hotReload` is set, and stops it on shutdown. */
@Injectable()
export class ConfigHotReloadLifecycle implements OnModuleInit, OnApplicationShutdown {
  private handle?: ConfigHotReloadHandle;

  constructor(
    private readonly config: AcbConfig,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: AcbConfigModuleOptions,
  ) {}

  onModuleInit(): void {
    const hotReload = this.options.hotReload;
    if (!hotReload) return;
    const checkIntervalMs = hotReload === true ? DEFAULT_HOT_RELOAD_INTERVAL_MS : hotReload.checkIntervalMs;
    this.handle = enableConfigHotReload(this.config, { checkIntervalMs });
  }

  onApplicationShutdown(): void {
    this.handle?.stop();
    this.handle = undefined;
  }
}
