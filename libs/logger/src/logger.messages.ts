/** Every message the logger library itself writes. */
export const LoggerMessages = {
  prettyUnavailable: (reason: string): string =>
    `pretty logging requested but pino-pretty could not be loaded (${reason}); writing JSON lines instead`,
  redactionSourceFailed: (reason: string): string =>
    `the secret values source for log redaction threw (${reason}); keeping the previous values`,
};
