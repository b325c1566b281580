/** Every error and log message of @acb/queues, as small functions. */
export const QueuesMessages = {
  unknownTask: (name: string, known: readonly string[]) =>
    `Unknown task "${name}": no @AcbTask or TaskRegistry.register() handler has that name in this application ` +
    `(known: ${known.length > 0 ? known.join(', ') : 'none'}). Declare it in "remoteTasks" or set "allowRemoteTasks" ` +
    `if another process runs it.`,
  invalidPayload: (name: string, reason: string) =>
    `Payload of task "${name}" is not JSON-serialisable: ${reason}. Pass plain objects, arrays, strings, finite ` +
    `numbers, booleans and null (convert Dates to ISO strings, Maps to objects).`,
  invalidOption: (name: string, option: string, reason: string) => `Task "${name}": invalid option "${option}": ${reason}.`,
  duplicateTask: (name: string) =>
    `Task "${name}" is registered twice: task names are unique per application (check @AcbTask and TaskRegistry.register()).`,
  unknownBackend: (name: string, valid: readonly string[]) =>
    `Unknown queue backend "${name}". Valid backends: ${valid.join(', ')} (or pass a class implementing QueueBackend).`,
  backendModuleMissing: (name: string, modulePath: string, exportName: string) =>
    `Queue backend "${name}" could not be loaded: ${modulePath} does not export ${exportName}.`,
  backendClosed: (name: string) => `Queue backend "${name}" is closed.`,
  noHandler: (name: string) =>
    `No handler for task "${name}" on this worker: register it with @AcbTask('${name}') or TaskRegistry.register(); ` +
    `the task was dead-lettered, retry it once a worker knows it.`,
  progressNotStored: (backend: string) => `ctx.progress(): the queue backend "${backend}" does not store progress (no updateProgress).`,
  taskEventListenerFailed: (source: string, type: string, taskId: string, error: string) =>
    `Task event listener ${source} failed on "${type}" of task ${taskId}: ${error} (the task is not affected).`,
  unknownTaskEvent: (type: string, valid: readonly string[]) => `@OnTaskEvent('${type}'): unknown task event; valid: ${valid.join(', ')}.`,
  invalidQueueOption: (queue: string, option: string, reason: string) => `Queue "${queue}": invalid option "${option}": ${reason}.`,
  conflictingQueueOptions: (queue: string, first: string, second: string) =>
    `Queue "${queue}" gets per-queue options from ${first} and from ${second}: declare them in one place.`,
  taskTimeout: (name: string, timeoutMs: number) => `Task "${name}" timed out after ${timeoutMs} ms.`,
  taskFailed: (name: string, id: string, attempt: number, error: string) =>
    `Task "${name}" (${id}) failed on attempt ${attempt}: ${error}`,
  taskDead: (name: string, id: string, attempts: number, error: string) =>
    `Task "${name}" (${id}) is dead after ${attempts} attempt(s): ${error}`,
  invalidSchedule: (name: string, reason: string) => `Schedule "${name}" is invalid: ${reason}.`,
  duplicateSchedule: (name: string) => `Schedule "${name}" is registered twice: schedule names are unique per application.`,
  scheduleSkipped: (name: string) => `Schedule "${name}": tick skipped, the previous run is still running.`,
  scheduleNameTaken: (name: string, type: string) =>
    `Schedule "${name}" runs but is not in @nestjs/schedule's SchedulerRegistry: a ${type} job of that name is already registered there. Give one of them another name.`,
  scheduleFailed: (name: string, error: string) => `Schedule "${name}" failed: ${error}`,
  requestScoped: (provider: string) =>
    `${provider} is request-scoped: its @AcbTask/@AcbCron methods are ignored (tasks and schedules run outside any request).`,
  workerStopped: (finished: number, returned: number) =>
    `Worker stopped: ${finished} in-flight task(s) finished, ${returned} returned to the queue.`,
  invalidModuleOption: (option: string, reason: string) => `AcbQueuesModule: invalid option "${option}": ${reason}.`,
  resultNotJson: (name: string, error: string) => `Task "${name}" returned a value JSON cannot hold (${error}); its result is dropped.`,
  duplicateTaskId: (id: string, queue: string) =>
    `Task id "${id}" already exists in queue "${queue}" (enqueue with deduplicate to reuse it).`,
  workerGaveUp: () => 'The worker stopped before this task finished; the task went back to the queue.',
  unknownSchedule: (name: string) => `Unknown schedule "${name}".`,
  millisecondsInSettings: () =>
    'durations in settings are seconds, written without a unit suffix (shutdown_timeout: 10, timeout: 30)',
  noWorkerHere: (backend: string) =>
    `No worker runs in this process: tasks enqueued here wait on ${backend} for a worker process (or runWorker: true), and schedules fire there.`,
} as const;
