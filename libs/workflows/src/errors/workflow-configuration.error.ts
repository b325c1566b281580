/** Bad module options, engine registration, action declarations or definition files: thrown at start. */
export class WorkflowConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowConfigurationError';
  }
}
