/**
 * Base class of typed events. A subclass names its event once:
 *
 * ```ts
 * class UserCreated extends AcbEvent<{ userId: string; email: string }> {
 *   static readonly eventName = 'user.created';
 * }
 * await publisher.emit(new UserCreated({ userId: '1', email: 'a@b.c' }));
 * ```
 * and handlers subscribe with the class: `@OnAcbEvent(UserCreated)` / `subscriber.on(UserCreated, (payload) => ...)`.
 */
export abstract class AcbEvent<TPayload = unknown> {
  // NOTE: no `static eventName` declared here, so subclasses need no `override` under noImplicitOverride;
  // `AcbEventClass` requires it where a class is passed, and emit rejects an instance whose class lacks it.
  constructor(readonly payload: TPayload) {}

  /** The event name of this instance's class. */
  get eventName(): string {
    return (this.constructor as AcbEventClass).eventName;
  }
}

/** A concrete typed-event class (what `@OnAcbEvent` and `on()` accept besides pattern strings). */
export interface AcbEventClass<TPayload = any> {
  new (payload: TPayload): AcbEvent<TPayload>;
  readonly eventName: string;
}

/** The payload type of a typed-event class. */
export type PayloadOf<T> = T extends AcbEventClass<infer P> ? P : never;

/** A pattern, a typed-event class, or a list of either. */
export type EventPatternInput = string | AcbEventClass | ReadonlyArray<string | AcbEventClass>;

/** Normalises a pattern input to the list of pattern strings. */
export function toPatterns(input: EventPatternInput): unknown[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((item: unknown) => (typeof item === 'function' ? (item as AcbEventClass).eventName : item));
}
