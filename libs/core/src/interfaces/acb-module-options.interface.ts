import type { AcbAdaptersModuleOptions } from '@acb/adapters';
import type { AcbConfigModuleOptions } from '@acb/config';
import type { AcbEventsModuleOptions } from '@acb/events';
import type { AcbLoggerOptions } from '@acb/logger';
import type { AcbQueuesModuleOptions } from '@acb/queues';
import type { AcbServicesModuleOptions } from '@acb/services';
import type { AcbWorkflowsModuleOptions } from '@acb/workflows';
import type { AcbMigrationsModuleOptions } from '@acb/migrations';

/**
 * Systems to switch off (`false`) or back on (`true`), by name. Configuration and logging are always on.
 * The same keys as `settings/features.yml`; this option wins over the file.
 */
export type AcbFeatureSwitches = Partial<Record<'adapters' | 'events' | 'queues' | 'services' | 'workflows' | 'migrations', boolean>>;

/**
 * Options of `AcbModule.forRoot()`. The configuration options (`settingsDir`, `secretsDir`, `envPrefix`,
 * `sections`, `hotReload`, `values`, `env`) go to `AcbConfigModule`; each system reads its settings from the
 * configuration, and its key here (e.g. `logger`) overrides what the settings say.
 */
export interface AcbModuleOptions extends AcbConfigModuleOptions {
  /**
   * Systems switched off: `{ queues: false, services: false }`. A system switched off is not imported at all: none
   * of its providers exists, it opens no file, connection or timer. Over `settings/features.yml`.
   * @default every system on
   */
  features?: AcbFeatureSwitches;
  /**
   * Logger options that win over the ones derived from `debug.yml`, `app.yml` and `logging.yml`
   * (e.g. `{ destination }` in tests, `{ level: 'warn' }`).
   */
  logger?: AcbLoggerOptions;
  /**
   * Adapter choices and settings that win over `settings/adapters.yml` and the category sections
   * (`{ cache: 'redis', sql: { name: 'sqlite', settings: { database: ':memory:' } } }`).
   */
  adapters?: AcbAdaptersModuleOptions;
  /** Queue options that win over the `queue:` block of `settings/adapters.yml` (`{ backend: 'redis', runWorker: false }`). */
  queues?: AcbQueuesModuleOptions;
  /** Event options that win over `settings/events.yml` (`{ transport: 'redis', redis: { url } }`). */
  events?: AcbEventsModuleOptions;
  /** Services options that win over `settings/services.yml` (`{ disabled: ['mailer'] }`). */
  services?: AcbServicesModuleOptions;
  /** Workflow options that win over `settings/workflows.yml` (`{ persistence: 'sql', definitions: [...] }`). */
  workflows?: AcbWorkflowsModuleOptions;
  /** Migration options that win over `settings/migrations.yml` (`{ runOnStartup: true, migrations: [CreateUsersTable] }`). */
  migrations?: AcbMigrationsModuleOptions;
}
