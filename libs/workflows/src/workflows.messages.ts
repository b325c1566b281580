/** Every error and log message of @acb/workflows, as small functions. */
export const WorkflowsMessages = {
  invalidDefinition: (workflowId: string, problems: readonly string[]) =>
    `Workflow "${workflowId}" is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
    problems.map((problem) => `  - ${problem}`).join('\n'),
  missingWorkflowId: () => 'workflowId is missing (a non-empty string)',
  noSteps: () => 'steps is empty: a workflow has at least one step',
  missingStepId: (index: number) => `step #${index + 1} has no stepId (a non-empty string)`,
  missingAction: (stepId: string) => `step "${stepId}" has no action`,
  duplicateStep: (stepId: string) => `step id "${stepId}" is used more than once`,
  unknownDependency: (stepId: string, dependency: string) => `step "${stepId}" depends on unknown step "${dependency}"`,
  cycle: (path: readonly string[]) => `dependency cycle: ${path.join(' -> ')}`,
  unknownAction: (stepId: string, action: string, known: readonly string[]) =>
    `step "${stepId}" uses unknown action "${action}" (known: ${known.length > 0 ? known.join(', ') : 'none'}; ` +
    `declare it with @WorkflowAction('${action}'), or name a registered service's method as 'service.method')`,
  unknownActionAtRun: (action: string, known: readonly string[]) =>
    `unknown action "${action}" (known: ${known.length > 0 ? known.join(', ') : 'none'})`,
  nonDependencyReference: (stepId: string, reference: string, target: string) =>
    `step "${stepId}" references \${${reference}} but "${target}" is not one of its dependencies (direct or transitive)`,
  invalidNumber: (where: string, key: string, rule: string) => `${where}: ${key} must be ${rule}`,
  missingReference: (reference: string) => `reference \${${reference}} has no value (not in the run's input nor an earlier step's output)`,
  stepTimeout: (stepId: string, timeoutMs: number) => `step "${stepId}" timed out after ${timeoutMs} ms`,
  runTimeout: (workflowId: string, timeoutMs: number) => `workflow "${workflowId}" timed out after ${timeoutMs} ms`,
  runCancelled: (runId: string) => `run ${runId} was cancelled`,
  stepFailed: (stepId: string, attempts: number, message: string) => `step "${stepId}" failed after ${attempts} attempt(s): ${message}`,
  unknownWorkflow: (workflowId: string, known: readonly string[]) =>
    `Unknown workflow "${workflowId}" (registered: ${known.length > 0 ? known.join(', ') : 'none'}). Register it with WorkflowService.register() or a YAML file under settings/workflows/.`,
  unknownRun: (runId: string) => `Unknown workflow run "${runId}".`,
  invalidRunState: (runId: string, state: string, operation: string) => `Cannot ${operation} run ${runId}: it is ${state}.`,
  runOwnedElsewhere: (runId: string, owner: string, until: string) =>
    `Run ${runId} is being run by ${owner} (lease until ${until}); it can be resumed here once that lease expires.`,
  unknownEngine: (name: string, valid: readonly string[]) => `Unknown workflow engine "${name}". Valid engines: ${valid.join(', ')}.`,
  engineNameTaken: (name: string) => `Workflow engine name "${name}" is already registered with another class.`,
  invalidEngineClass: (name: string) => `registerWorkflowEngine("${name}", ...) needs a class (a constructor function).`,
  duplicateAction: (name: string, first: string, second: string) =>
    `Workflow action "${name}" is declared twice (${first} and ${second}): action names are unique per application.`,
  requestScoped: (provider: string) =>
    `${provider} declares @WorkflowAction methods but is request-scoped; workflow steps run outside any request, so its actions were not registered.`,
  unknownService: (service: string, method: string) => `no registered service "${service}" has a method "${method}"`,
  noServiceLocator: (action: string) =>
    `action "${action}" names a service method, but no service registry is wired into AcbWorkflowsModule (use AcbModule, or the "services" option)`,
  commandDisabled: () => 'the built-in "command" action is disabled; enable it with `command: { enabled: true }` in settings/workflows.yml',
  commandInvalid: (reason: string) => `command action: ${reason}`,
  commandExit: (program: string, code: number | null, signal: string | null, stderrTail: string) =>
    `command "${program}" ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${stderrTail ? `: ${stderrTail}` : ''}`,
  commandTimeout: (program: string, timeoutMs: number) => `command "${program}" timed out after ${timeoutMs} ms`,
  engineClosed: (runId: string) => `the workflow engine closed while run ${runId} was running (it is recovered from its store)`,
  queueEngineNeedsQueue: () =>
    'The "queue" workflow engine needs @acb/queues: import AcbQueuesModule (AcbModule does) or pass { queue: { queue, registry } }.',
  recovered: (count: number) => `Recovering ${count} interrupted workflow run(s).`,
  recoveryFailed: (runId: string, error: string) => `Could not recover workflow run ${runId}: ${error}`,
  eventFailed: (name: string, error: string) => `Could not emit ${name}: ${error}`,
  definitionFile: (file: string, reason: string) => `Workflow definition file ${file}: ${reason}`,
  persistenceNeedsSql: () =>
    'workflows persistence "sql" needs the sql adapter (AcbAdaptersModule / AcbModule) in the application.',
  tablesMissing: (cause: string) =>
    `The workflow tables are missing or out of date (${cause}): apply this library's migrations (WORKFLOW_MIGRATIONS: workflows-001 CreateWorkflowTables, workflows-002 AddWorkflowStepTasks) with the application's MigrationRunner (AcbMigrationsModule runOnStartup, or npm run migrate).`,
  stalledRunsRepaired: (count: number) => `Re-enqueued the lost step tasks of ${count} workflow run(s).`,
  sweepUnsupported: (store: string) =>
    `The workflow store ${store} has no claimStalledRuns: the queue engine cannot re-enqueue a step whose task was lost (a process died between storing it QUEUED and enqueueing it).`,
  storeFailed: (runId: string, error: string) => `Could not store a transition of workflow run ${runId}: ${error}`,
};
