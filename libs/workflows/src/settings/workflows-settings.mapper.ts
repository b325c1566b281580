import { secondsToMs } from '@acb/common';
import type { AcbWorkflowsModuleOptions } from '../interfaces/workflows-module-options.interface';
import type { WorkflowsSettings } from './workflows.settings';
import { camelKeys } from '../definitions/camel-keys';

/**
 * Maps settings/workflows.yml (a validated `WorkflowsSettings`, or the plain section in either key spelling) to
 * module options; `overrides` win. Durations in the file are seconds.
 *
 * @example AcbWorkflowsModule.forRootAsync({ inject: [AcbConfig], useFactory: (c: AcbConfig) =>
 *   workflowsOptionsFromSettings(c.section('workflows', WorkflowsSettings)) })
 */
export function workflowsOptionsFromSettings(
  section: WorkflowsSettings | Record<string, unknown>,
  overrides: AcbWorkflowsModuleOptions = {},
): AcbWorkflowsModuleOptions {
  const settings = camelKeys({ ...section }) as WorkflowsSettings;
  const command = settings.command ? (camelKeys({ ...settings.command }) as NonNullable<WorkflowsSettings['command']>) : undefined;
  const maxRetries = settings.maxRetries ?? settings.retryAttempts;
  const options: AcbWorkflowsModuleOptions = {
    engine: settings.engine,
    maxConcurrentSteps: settings.maxConcurrentSteps,
    defaultTimeoutMs: settings.defaultTimeout === undefined ? undefined : secondsToMs(settings.defaultTimeout, 'workflows.default_timeout'),
    retry: maxRetries === undefined ? undefined : { maxRetries },
    persistence: settings.persistence,
    recovery: settings.recovery,
    leaseMs: settings.lease === undefined ? undefined : secondsToMs(settings.lease, 'workflows.lease'),
    definitionsDir: settings.definitionsDir,
    command: command
      ? {
          enabled: command.enabled,
          envAllow: command.envAllow,
          defaultTimeoutMs: command.timeout === undefined ? undefined : secondsToMs(command.timeout, 'workflows.command.timeout'),
        }
      : undefined,
  };
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...options, ...overrides })) if (value !== undefined) merged[key] = value;
  return merged as AcbWorkflowsModuleOptions;
}
