import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the current unit of work is: an HTTP request, a task, an event delivery, a workflow run.
 * Every log line written inside `AcbContext.run()` carries these fields.
 */
export interface AcbContextBindings {
  requestId?: string;
  correlationId?: string;
  taskId?: string;
  eventId?: string;
  workflowRunId?: string;
  stepId?: string;
  [key: string]: unknown;
}

const storage = new AsyncLocalStorage<Readonly<AcbContextBindings>>();

/**
 * The context store (AsyncLocalStorage). One store per process is right here: a context belongs to an async
 * call chain, never to an application, so two apps in one process cannot see each other's bindings.
 */
export const AcbContext = {
  /** Runs `fn` with `bindings` merged over the current context. */
  run<T>(bindings: AcbContextBindings, fn: () => T): T {
    const parent = storage.getStore();
    return storage.run(Object.freeze({ ...parent, ...bindings }), fn);
  },

  /** The bindings in force, or an empty object outside any context. */
  current(): Readonly<AcbContextBindings> {
    return storage.getStore() ?? EMPTY;
  },

  get<K extends keyof AcbContextBindings>(key: K): AcbContextBindings[K] | undefined {
    return storage.getStore()?.[key];
  },

  /**
   * The context in force, kept to run code in it later from elsewhere (`restore`): e.g. from a timer that several
   * units of work share, whose callback would otherwise run in the context of whichever armed it.
   */
  snapshot(): Readonly<AcbContextBindings> | undefined {
    return storage.getStore();
  },

  /** Runs `fn` in exactly the context `snapshot()` returned, replacing the current one (not merged over it). */
  restore<T>(snapshot: Readonly<AcbContextBindings> | undefined, fn: () => T): T {
    return storage.run(snapshot ?? EMPTY, fn);
  },
};

const EMPTY: Readonly<AcbContextBindings> = Object.freeze({});
