import {
  BasicWorkflowEngine,
  type DefinitionInput,
  type WorkflowActionFn,
  type WorkflowEventPayload,
  type WorkflowResult,
} from '@acb/workflows';

/** A stubbed action: a function (called like the real action), or the value the step returns. */
export type WorkflowStub = WorkflowActionFn | unknown;

/** Options of `runWorkflow`. */
export interface RunWorkflowOptions {
  /** The run's input (`${order_id}` references). @default {} */
  input?: Record<string, unknown>;
  /** @default 5 */
  maxConcurrentSteps?: number;
}

/** What `runWorkflow` resolves with: the result, plus the steps in the order they started, with their final states. */
export interface WorkflowRunReport {
  result: WorkflowResult;
  /** `'stepId:STATE'` for each step in the order it started (skipped ones where they were skipped), e.g. `['validate:COMPLETED', 'ship:SKIPPED']`. */
  trace: string[];
  /** The steps in the order they started (first attempts only). */
  order: string[];
  /** The params each step's action received (last attempt), by step id. */
  params: Record<string, unknown>;
}

/**
 * Runs `definition` on an in-process engine with stubbed actions (every action the definition names must have a stub:
 * an unknown one fails validation as in the application), and reports the step order and states for a one-line
 * assertion.
 *
 * @example
 * const { trace } = await runWorkflow(orderFulfillment, { validate_order: { total: 5 }, charge_payment: () => { throw new Error('declined'); } });
 * expect(trace).toEqual(['validate:COMPLETED', 'charge:FAILED', 'ship:SKIPPED', 'notify:SKIPPED']);
 */
export async function runWorkflow(definition: DefinitionInput, stubs: Record<string, WorkflowStub>, options: RunWorkflowOptions = {}): Promise<WorkflowRunReport> {
  const params: Record<string, unknown> = {};
  const actions: Record<string, WorkflowActionFn> = {};
  for (const [name, stub] of Object.entries(stubs)) {
    actions[name] = (input, context) => {
      params[context.stepId] = input;
      return typeof stub === 'function' ? (stub as WorkflowActionFn)(input, context) : stub;
    };
  }
  const order: string[] = [];
  const seen: string[] = [];
  const engine = new BasicWorkflowEngine({
    actions,
    maxConcurrentSteps: options.maxConcurrentSteps,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    events: {
      emit(name: string, payload: WorkflowEventPayload) {
        if (!payload.stepId) return;
        if (name === 'workflow.step.started' && payload.attempt === 1) order.push(payload.stepId);
        if ((name === 'workflow.step.started' && payload.attempt === 1) || name === 'workflow.step.skipped') {
          if (!seen.includes(payload.stepId)) seen.push(payload.stepId);
        }
      },
    },
  });
  const result = await engine.execute(definition, { input: options.input ?? {} });
  await engine.close();
  const trace = seen.map((stepId) => `${stepId}:${result.stepResults[stepId].state}`);
  return { result, trace, order, params };
}
