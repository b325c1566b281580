import type { ConfigFactory } from '@nestjs/config';
import { AcbConfig } from './acb-config';
import type { AcbConfigModuleOptions } from './interfaces/acb-config-options.interface';

/**
 * The ACB settings as a plain @nestjs/config loader, for an application that wants only `ConfigModule`:
 * `ConfigModule.forRoot({ ignoreEnvFile: true, load: [acbYamlLoader({ settingsDir: 'settings', env: process.env })] })`.
 * Each section is validated as AcbConfig does (built-in and `sections` classes) and exposed under its name.
 */
export function acbYamlLoader(options: Omit<AcbConfigModuleOptions, 'hotReload'> = {}): ConfigFactory<Record<string, unknown>> {
  return () => {
    const config = new AcbConfig(options);
    return Object.fromEntries(config.sectionNames().map((name) => [name, config.section(name)]));
  };
}
