import type { WorkflowActionFn, WorkflowEventPayload, WorkflowEventSink } from '../src';

/** Resolves after `ms` (or rejects with the signal's reason when aborted first). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Records start/end of every action call, to assert order and overlap. */
export class Timeline {
  readonly entries: string[] = [];
  private running = 0;
  maxRunning = 0;

  /** An action that logs `start:<stepId>`, waits `ms` (abortable), logs `end:<stepId>` and returns `output`. */
  action(ms: number, output: (params: any) => unknown = () => ({ ok: true })): WorkflowActionFn {
    return async (params, context) => {
      this.entries.push(`start:${context.stepId}`);
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        await sleep(ms, context.signal);
      } finally {
        this.running--;
      }
      this.entries.push(`end:${context.stepId}`);
      return output(params);
    };
  }

  indexOf(entry: string): number {
    return this.entries.indexOf(entry);
  }
}

/** An event sink keeping every event. */
export class RecordingSink implements WorkflowEventSink {
  readonly events: Array<{ name: string; payload: WorkflowEventPayload }> = [];

  emit(name: string, payload: WorkflowEventPayload): void {
    this.events.push({ name, payload });
  }

  names(): string[] {
    return this.events.map((event) => (event.payload.stepId ? `${event.name}:${event.payload.stepId}` : event.name));
  }
}

/** A Nest LoggerService that keeps lines. */
export class MemoryLogger {
  readonly lines: unknown[] = [];
  log(message: unknown): void {
    this.lines.push(message);
  }
  warn(message: unknown): void {
    this.lines.push(message);
  }
  error(message: unknown): void {
    this.lines.push(message);
  }
  debug(message: unknown): void {
    this.lines.push(message);
  }
}
