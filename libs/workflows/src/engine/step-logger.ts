import type { LoggerService } from '@nestjs/common';
import type { WorkflowLogger } from '../interfaces/workflow-action.interface';

/** A WorkflowLogger whose every line is an object carrying the run, workflow and step ids and the attempt. */
export class StepLogger implements WorkflowLogger {
  constructor(
    private readonly logger: LoggerService,
    private readonly bindings: { workflowRunId: string; workflowId: string; stepId: string; attempt: number },
  ) {}

  log(message: string, fields?: Record<string, unknown>): void {
    this.logger.log(this.line(message, fields));
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.logger.warn(this.line(message, fields));
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.logger.error(this.line(message, fields));
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.logger.debug?.(this.line(message, fields));
  }

  private line(msg: string, fields?: Record<string, unknown>): Record<string, unknown> {
    return { msg, ...this.bindings, ...fields };
  }
}
