/** What `onChange` listeners receive for each changed section. */
export interface AcbConfigChange<T = unknown> {
  /** The section name (`app`, `workflows`, ...). */
  section: string;
  /** The section before the change (validated instance, or plain object for a section without a class). */
  previous: T;
  /** The section after the change. */
  current: T;
}

/** A change listener; a throw is logged and never stops other listeners. */
export type AcbConfigChangeListener<T = unknown> = (change: AcbConfigChange<T>) => void;
