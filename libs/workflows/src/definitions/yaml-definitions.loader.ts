import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { WorkflowConfigurationError } from '../errors/workflow-configuration.error';
import type { WorkflowDefinitionInit } from '../model/workflow-definition';
import type { WorkflowStepInit } from '../model/workflow-step';
import { WorkflowsMessages } from '../workflows.messages';
import { camelKeys } from './camel-keys';

/**
 * Reads every `*.yml` / `*.yaml` file of `dir` (sorted by name) as one workflow definition. Keys in snake_case or
 * camelCase; durations in seconds (`timeout`, `backoff.delay`, `backoff.max_delay`), as everywhere in settings.
 * A missing directory gives no definitions.
 * @throws WorkflowConfigurationError naming the file (YAML syntax, not a mapping, a step that is not a mapping)
 */
export function loadDefinitionsDir(dir: string): WorkflowDefinitionInit[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && !name.startsWith('.'))
    .sort()
    .map((name) => loadDefinitionFile(path.join(dir, name)));
}

/** One YAML definition file. */
export function loadDefinitionFile(file: string): WorkflowDefinitionInit {
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkflowConfigurationError(WorkflowsMessages.definitionFile(file, error instanceof Error ? error.message : String(error)));
  }
  if (!isRecord(doc)) throw new WorkflowConfigurationError(WorkflowsMessages.definitionFile(file, 'the top level is not a mapping'));
  return definitionFromYaml(doc, file);
}

/** A YAML document (already parsed) as a definition. */
export function definitionFromYaml(doc: Record<string, unknown>, file = 'definition'): WorkflowDefinitionInit {
  const top = camelKeys(doc);
  const steps = Array.isArray(top.steps) ? top.steps : [];
  return {
    workflowId: top.workflowId as string,
    name: top.name as string | undefined,
    version: top.version === undefined ? undefined : String(top.version),
    description: top.description as string | undefined,
    timeoutMs: seconds(top.timeout),
    maxConcurrentSteps: top.maxConcurrentSteps as number | undefined,
    steps: steps.map((raw, index) => {
      if (!isRecord(raw)) throw new WorkflowConfigurationError(WorkflowsMessages.definitionFile(file, `step #${index + 1} is not a mapping`));
      return stepFromYaml(camelKeys(raw));
    }),
  };
}

function stepFromYaml(step: Record<string, unknown>): WorkflowStepInit {
  const retry = isRecord(step.retry) ? camelKeys(step.retry) : undefined;
  const backoff = retry && isRecord(retry.backoff) ? camelKeys(retry.backoff) : undefined;
  return {
    stepId: step.stepId as string,
    name: step.name as string | undefined,
    action: step.action as string,
    params: isRecord(step.params) ? step.params : undefined,
    dependsOn: Array.isArray(step.dependsOn) ? step.dependsOn.map(String) : typeof step.dependsOn === 'string' ? [step.dependsOn] : undefined,
    retry: retry
      ? {
          maxRetries: (retry.maxRetries ?? retry.retryAttempts) as number | undefined,
          backoff: backoff
            ? {
                type: backoff.type as 'fixed' | 'exponential' | undefined,
                delayMs: seconds(backoff.delay),
                maxDelayMs: seconds(backoff.maxDelay),
                multiplier: backoff.multiplier as number | undefined,
                jitter: backoff.jitter as number | undefined,
              }
            : undefined,
        }
      : undefined,
    timeoutMs: seconds(step.timeout),
    optional: step.optional as boolean | undefined,
    condition: step.condition as boolean | string | undefined,
  };
}

function seconds(value: unknown): number | undefined {
  // NOTE: a non-number is passed through as NaN so that validation names the key instead of silently ignoring it.
  return value === undefined || value === null ? undefined : typeof value === 'number' ? Math.round(value * 1000) : Number.NaN;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
