/** One failed rule of a `ConfigValidationError`. */
export interface ConfigValidationIssue {
  /** Section name. */
  section: string;
  /** Full key path, section first: `app.port`. */
  keyPath: string;
  /** Where the value came from: a file path, `environment variable ACB_APP__PORT`, ... */
  source: string;
  /** class-validator constraint name: `isInt`. */
  constraint: string;
  /** class-validator message. */
  message: string;
  /** The offending value as text; `[redacted]` for secrets. */
  value: string;
}
