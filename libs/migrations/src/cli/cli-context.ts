import * as path from 'node:path';
import { AcbAdaptersModule } from '@acb/adapters';
import { AcbConfig, AcbConfigModule } from '@acb/config';
import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AcbMigrationsModuleOptions } from '../interfaces/migrations-module-options.interface';
import { AcbMigrationsModule } from '../migrations.module';
import { MigrationsSettings, migrationsOptionsFromSettings } from '../migrations.settings';
import { CliUsageError } from './cli-arguments';

/** What the CLI passes to an application module's `forRoot` (the AcbModuleOptions keys it needs). */
export interface CliAppOptions {
  settingsDir: string;
  migrations: AcbMigrationsModuleOptions;
  logger?: { level: 'silent' | 'info' };
}

/** Only the settings: config, the sql/nosql adapters and the migrations (from `directory`), for apps without --app. */
@Module({})
class MigrationsCliModule {
  static forSettings(settingsDir: string): DynamicModule {
    return {
      module: MigrationsCliModule,
      imports: [
        AcbConfigModule.forRoot({ settingsDir }),
        AcbAdaptersModule.forRoot({ categories: ['sql', 'nosql'], connectAttempts: 1 }),
        AcbMigrationsModule.forRootAsync({
          inject: [AcbConfig],
          useFactory: (config: AcbConfig) => migrationsOptionsFromSettings(config.section('migrations', MigrationsSettings), { runOnStartup: false }),
        }),
      ],
    };
  }
}

/**
 * Boots what the CLI works on. With `app` (`apps/api/src/app.module.ts#AppModule`; the export defaults to the one
 * module class in the file, or `AppModule`): that module, through its static `forRoot(options)` when it has one, so
 * every library's `forFeature` migrations and the app's own settings are there; `runOnStartup` is turned off and
 * logs silenced through the options. Without: the settings alone.
 */
export async function bootCliContext(app: string | undefined, settingsDir: string, verbose: boolean): Promise<INestApplicationContext> {
  const root = app === undefined ? MigrationsCliModule.forSettings(settingsDir) : loadAppModule(app, { settingsDir, migrations: { runOnStartup: false }, ...(verbose ? {} : { logger: { level: 'silent' } }) });
  return NestFactory.createApplicationContext(root, { logger: verbose ? undefined : false, abortOnError: false });
}

function loadAppModule(spec: string, options: CliAppOptions): DynamicModule | Type {
  const [file, exportName] = spec.split('#');
  let exported: Record<string, unknown>;
  try {
    exported = require(path.resolve(file)) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(`cannot load --app ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const candidate = exportName ? exported[exportName] : (exported.AppModule ?? Object.values(exported).find((value) => typeof value === 'function'));
  if (typeof candidate !== 'function') throw new CliUsageError(`--app ${spec} exports no module class${exportName ? ` named ${exportName}` : ''}`);
  const moduleClass = candidate as Type & { forRoot?: (options: CliAppOptions) => DynamicModule };
  return typeof moduleClass.forRoot === 'function' ? moduleClass.forRoot(options) : moduleClass;
}
