import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthGuard } from '../web/auth.guards';
import { WebExceptionFilter } from '../web/web-exception.filter';
import { type OperationsSnapshot, OperationsService } from './operations.service';
import { OperationsMessages } from './operations.messages';
import type { RunView } from './workflow-dag';

/** The operations data as JSON: `/api/operations`. */
@ApiTags('operations')
@UseFilters(WebExceptionFilter)
@UseGuards(ApiAuthGuard)
@Controller('api/operations')
export class OperationsApiController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({ summary: 'Recent workflow runs, queue counts per state, dead letters, services' })
  snapshot(): Promise<OperationsSnapshot> {
    return this.operations.snapshot();
  }

  @Get('runs/:runId')
  @ApiOperation({ summary: 'One workflow run with its steps' })
  async run(@Param('runId') runId: string): Promise<RunView> {
    const run = await this.operations.run(runId);
    if (!run) throw new NotFoundException(OperationsMessages.runNotFound(runId));
    return run;
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Put a dead task back in the queue' })
  async retry(@Param('id') id: string): Promise<void> {
    if (!(await this.operations.retryDead(id))) throw new NotFoundException(OperationsMessages.deadLetterNotFound(id));
  }
}
