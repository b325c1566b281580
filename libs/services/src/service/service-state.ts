/** Lifecycle of a service: inactive -> initializing -> active -> stopping -> stopped; `error` when a step throws. */
export type ServiceState = 'inactive' | 'initializing' | 'active' | 'error' | 'stopping' | 'stopped';

/** What `ServiceBase.health()` returns. */
export interface ServiceHealth {
  name: string;
  status: 'healthy' | 'unhealthy';
  state: ServiceState;
  /** What `checkHealth()` returned. */
  details?: Record<string, unknown>;
  /** Why it is unhealthy. */
  error?: string;
}

/** Call counts of a service: totals, per method, and the service's own custom metrics. */
export interface ServiceMetrics {
  calls: number;
  errors: number;
  methods: Record<string, { calls: number; errors: number }>;
  custom: Record<string, number>;
}
