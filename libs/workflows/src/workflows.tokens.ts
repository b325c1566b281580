/** The application's WorkflowEngine instance (the one `engine` in the options names). */
export const WORKFLOW_ENGINE = Symbol('ACB_WORKFLOW_ENGINE');
/** The application's WorkflowStore. */
export const WORKFLOW_STORE = Symbol('ACB_WORKFLOW_STORE');
