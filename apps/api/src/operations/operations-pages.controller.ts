import { Controller, Get, HttpStatus, NotFoundException, Param, Post, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageAuthGuard } from '../web/auth.guards';
import { page } from '../web/page';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest, WebResponse } from '../web/web-request';
import { OperationsService } from './operations.service';
import { OperationsMessages } from './operations.messages';

/** The operations page (signed-in users): workflow runs with their DAG, queue counts, dead letters, services. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(PageAuthGuard)
@Controller('operations')
export class OperationsPagesController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @Render('operations')
  async overview(@Req() req: WebRequest): Promise<Record<string, unknown>> {
    return page(req, 'Operations', { ...(await this.operations.snapshot()) });
  }

  @Get('runs/:runId')
  @Render('run')
  async run(@Req() req: WebRequest, @Param('runId') runId: string): Promise<Record<string, unknown>> {
    const run = await this.operations.run(runId);
    if (!run) throw new NotFoundException(OperationsMessages.runNotFound(runId));
    return page(req, `Run ${run.workflowId}`, { run });
  }

  /** The run block alone, polled by htmx until the run is finished. */
  @Get('runs/:runId/block')
  async runBlock(@Res() res: WebResponse, @Param('runId') runId: string): Promise<void> {
    const run = await this.operations.run(runId);
    if (!run) throw new NotFoundException(OperationsMessages.runNotFound(runId));
    res.render('partials/run-block', { layout: false, run });
  }

  @Post('dead-letters/:id/retry')
  async retry(@Res() res: WebResponse, @Param('id') id: string): Promise<void> {
    if (!(await this.operations.retryDead(id))) throw new NotFoundException(OperationsMessages.deadLetterNotFound(id));
    res.redirect(HttpStatus.SEE_OTHER, '/operations');
  }
}
