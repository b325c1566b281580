/** `@AcbService(options)`. */
export interface AcbServiceOptions {
  /** Unique name: the registry key, log context and metric label (`user_service`, `users`). */
  name: string;
  /** @default '1.0.0' */
  version?: string;
  /** What it can do, for `ServiceRegistry.findByCapability` (`['users', 'auth']`). @default [] */
  capabilities?: string[];
  /** Names of services that must be active before this one starts (and stop after it). @default [] */
  dependsOn?: string[];
  /** Among services whose dependencies are met, higher priority starts first. @default 0 */
  priority?: number;
  description?: string;
}

export type AcbServiceMetadata = Required<Omit<AcbServiceOptions, 'description'>> & { description?: string };
