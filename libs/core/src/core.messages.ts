/** Every message the core library writes. */
export const CoreMessages = {
  logLevelChanged: (level: string): string => `log level is now '${level}' (debug settings changed)`,
  unknownFeature: (source: string, name: string, valid: readonly string[]): string =>
    `${source}: "${name}" is not a system AcbModule can switch off; valid: ${valid.join(', ')} (configuration and logging are always on)`,
  featureNotBoolean: (source: string, name: string, value: unknown): string =>
    `${source}: "${name}" must be true or false, got ${JSON.stringify(value)}`,
  featureNeeds: (name: string, missing: readonly string[]): string =>
    `AcbModule: "${name}" needs ${missing.map((m) => `"${m}"`).join(' and ')}, which is switched off; switch "${name}" off too or turn ${missing.join(' and ')} back on`,
};
