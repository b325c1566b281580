import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverMigrations } from './discovery/discover-migrations';
import type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';
import { MigrationsFeature } from './migrations.feature';
import { ACB_MIGRATIONS_MODULE_OPTIONS } from './migrations.module-definition';
import { MigrationsMessages } from './migrations.messages';
import { MigrationRunner } from './runner/migration-runner';

/** @default directory of AcbMigrationsModuleOptions. */
export const DEFAULT_MIGRATIONS_DIRECTORY = 'migrations';

/**
 * At module init: adds every `forFeature()` contribution and the discovered directory to the runner, checks the
 * whole set (duplicate versions, dependencies — fail fast at start), and applies pending migrations when
 * `runOnStartup` is on. Runs in `onModuleInit`, after the adapters connected (in their provider factories) and
 * before `onApplicationBootstrap` hooks and the HTTP listener, so nothing reads a table that is not there yet.
 */
@Injectable()
export class MigrationsBootstrap implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly runner: MigrationRunner,
    private readonly discovery: DiscoveryService,
    @Inject(ACB_MIGRATIONS_MODULE_OPTIONS) private readonly options: AcbMigrationsModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.instance instanceof MigrationsFeature) this.runner.add(...wrapper.instance.migrations);
    }
    if (this.options.autoDiscover ?? true) {
      const directories = this.options.directory ?? DEFAULT_MIGRATIONS_DIRECTORY;
      for (const directory of typeof directories === 'string' ? [directories] : directories) {
        if (!fs.existsSync(path.resolve(directory))) {
          this.logger.log(MigrationsMessages.noDirectorySkipped(directory));
          continue;
        }
        this.runner.add(...(await discoverMigrations(directory, { pattern: this.options.pattern })));
      }
    }
    this.runner.migrations();
    if (this.options.runOnStartup) await this.runner.migrate();
  }
}
