import { Injectable } from '@nestjs/common';
import { DuplicateTaskError } from './errors/duplicate-task.error';
import type { AcbTaskOptions, TaskHandler } from './interfaces/task-handler.interface';
import { checkNonNegative, normalizePriority } from './utils/normalize';

/** A registered task. */
export interface RegisteredTask {
  name: string;
  handler: TaskHandler;
  options: AcbTaskOptions;
  /** Where it came from (`EmailTasks.sendEmail`, `programmatic`), for logs. */
  source: string;
}

/**
 * The tasks this application knows: @AcbTask methods (registered by the explorer at module init) and programmatic
 * ones. Public API: other libraries (events `viaQueue`, workflows) register handlers here.
 * One registry per application: two apps in one process do not share tasks.
 */
@Injectable()
export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();
  private readonly remote = new Map<string, AcbTaskOptions>();

  /**
   * Registers `handler` for task `name` and returns a function that unregisters it. Options are checked now
   * (priority, maxRetries, timeoutMs) so a mistake fails at start.
   * @throws DuplicateTaskError when the name is taken; InvalidTaskOptionError for a bad option.
   */
  register<P = any>(name: string, handler: TaskHandler<P>, options: AcbTaskOptions = {}, source = 'programmatic'): () => void {
    if (this.tasks.has(name)) throw new DuplicateTaskError(name);
    checkTaskOptions(name, options);
    const entry: RegisteredTask = { name, handler: handler as TaskHandler, options: { ...options }, source };
    this.tasks.set(name, entry);
    return () => {
      if (this.tasks.get(name) === entry) this.tasks.delete(name);
    };
  }

  /**
   * Declares a task that another process handles: `enqueue(name)` is accepted here and uses these options
   * (queue, priority, ...), but this process has no handler (its worker dead-letters it if it ever gets one).
   */
  declareRemote(name: string, options: AcbTaskOptions = {}): void {
    checkTaskOptions(name, options);
    this.remote.set(name, { ...options });
  }

  /** The handler registered for `name`. */
  get(name: string): RegisteredTask | undefined {
    return this.tasks.get(name);
  }

  has(name: string): boolean {
    return this.tasks.has(name);
  }

  /** Options of a local or remote task, for enqueue defaults. */
  optionsOf(name: string): AcbTaskOptions | undefined {
    return this.tasks.get(name)?.options ?? this.remote.get(name);
  }

  /** Names with a local handler, sorted. */
  names(): string[] {
    return [...this.tasks.keys()].sort();
  }

  /** Queues named by registered and remote tasks. */
  queues(): string[] {
    const queues = new Set<string>();
    for (const options of [...[...this.tasks.values()].map((task) => task.options), ...this.remote.values()]) {
      if (options.queue) queues.add(options.queue);
    }
    return [...queues];
  }
}

function checkTaskOptions(name: string, options: AcbTaskOptions): void {
  normalizePriority(name, options.priority);
  checkNonNegative(name, 'maxRetries', options.maxRetries, true);
  checkNonNegative(name, 'timeoutMs', options.timeoutMs);
}
