/** Every message the core library writes. */
export const CoreMessages = {
  logLevelChanged: (level: string): string => `log level is now '${level}' (debug settings changed)`,
};
