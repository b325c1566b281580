/** Payload of every `workflow.*` event. */
export interface WorkflowEventPayload {
  runId: string;
  workflowId: string;
  /** The step of `workflow.step.*` events; null on run events. */
  stepId: string | null;
  state: string;
  attempt?: number;
  error?: { name: string; message: string; stepId?: string };
}

/** Where an engine sends its events (the module wires @acb/events' EventPublisher in). */
export interface WorkflowEventSink {
  emit(name: string, payload: WorkflowEventPayload): void;
}
