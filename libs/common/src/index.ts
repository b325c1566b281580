export type { BackoffOptions, RetryOptions } from './retry/retry-options.interface';
export { DEFAULT_BACKOFF, computeBackoffDelay, resolveBackoff, resolveMaxRetries } from './retry/backoff';
export { secondsToMs } from './duration/seconds';
export { requireOptionalPeer } from './peers/require-optional-peer';
export { MissingPeerDependencyError } from './errors/missing-peer-dependency.error';
export { REDACTED, isSecretLike, revealSecret, revealSecrets, type SecretLike } from './secrets/secret-like';
export { redactConnectionOptions, redactCredentials, redactedErrorMessage, redactError } from './redaction/redact-credentials';
export {
  DATE_TAG,
  MAX_TRANSPORTABLE_DEPTH,
  decodeTransportable,
  deserializeTransportable,
  encodeTransportable,
  findTransportProblem,
  serializeTransportable,
  toPlainData,
  type JsonValue,
  type TransportProblem,
} from './serialization/transportable';
