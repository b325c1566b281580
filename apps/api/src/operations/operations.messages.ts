/** Messages of the operations page. */
export const OperationsMessages = {
  runNotFound: (runId: string): string => `Workflow run ${runId} not found`,
  deadLetterNotFound: (id: string): string => `Dead letter ${id} not found`,
};
