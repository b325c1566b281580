/**
 * Every error and log message of the config library, as small functions: one place to read (and to test)
 * what a user sees when a setting is wrong.
 */
export const ConfigMessages = {
  configServiceKeyTaken: (section: string): string =>
    `ConfigService key "${section}" is the ACB section of settings/${section}.yml; the validated section is kept and ` +
    `the value a ConfigModule loader wrote under the same key is ignored (rename that key or move it into the section).`,

  yamlSyntax: (file: string, line: number, column: number, reason: string): string =>
    `YAML syntax error in ${file} at line ${line}, column ${column}: ${reason}`,

  duplicateKey: (key: string): string => `duplicate key "${key}" (each key may appear once in a mapping; keep one)`,

  notAMapping: (file: string, found: string): string =>
    `${file} must hold a mapping of keys to values at its top level (found ${found})`,

  unreadable: (file: string, reason: string): string => `Cannot read ${file}: ${reason}`,

  duplicateSectionFile: (section: string, files: readonly string[]): string =>
    `Section "${section}" is defined by more than one file (${files.join(', ')}); keep exactly one`,

  valuesNotAnObject: (section: string, found: string): string =>
    `AcbConfigModule values.${section} must be an object of settings (found ${found})`,

  invalidEnvOverride: (variable: string, reason: string): string =>
    `Environment override ${variable} is malformed: ${reason}`,

  forbiddenKey: (key: string, source: string, keyPath: string): string =>
    `Key "${key}" is not allowed in settings (${source}, at ${keyPath}): it would write an object prototype. ` +
    'Rename the key.',

  unknownSecret: (name: string, source: string, keyPath: string, secretsDir: string): string =>
    `Unknown secret "${name}" referenced as \${secret:${name}} in ${source} at ${keyPath}: ` +
    `no file named "${name}" in the secrets directory ${secretsDir}`,

  missingEnvVariable: (name: string, source: string, keyPath: string): string =>
    `Environment variable ${name} referenced as \${env:${name}} in ${source} at ${keyPath} is not set ` +
    `(set it, or give a default: \${env:${name}:-value})`,

  validationHeader: (count: number): string =>
    `Invalid configuration: ${count} problem${count === 1 ? '' : 's'}`,

  validationIssue: (source: string, keyPath: string, constraint: string, message: string, value: string): string =>
    `${source}: ${keyPath} fails ${constraint} (${message}); value: ${value}`,

  secretHint: (): string =>
    'a ${secret:...} reference gives a Secret: declare the property as `Secret` with @IsSecret()',

  missingValue: (): string => 'missing',

  noFileSource: (section: string): string => `section "${section}" (no settings file, defaults)`,

  valuesSource: (): string => 'AcbConfigModule values',

  envSource: (variable: string): string => `environment variable ${variable}`,

  hotReloadStarted: (intervalMs: number, dirs: readonly string[]): string =>
    `Hot reload watching ${dirs.join(' and ')} every ${intervalMs} ms`,

  hotReloadApplied: (sections: readonly string[]): string =>
    `Settings reloaded; changed sections: ${sections.join(', ')}`,

  hotReloadRejected: (reason: string): string =>
    `Settings change rejected, the previous values stay in force. ${reason}`,

  listenerFailed: (section: string, reason: string): string =>
    `A config change listener for section "${section}" threw: ${reason}`,
} as const;
