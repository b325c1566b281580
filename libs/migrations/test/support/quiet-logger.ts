/** A logger for runners and migrations that prints nothing (the tests assert on results and events instead). */
export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
