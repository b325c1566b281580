import { Module } from '@nestjs/common';
import { OperationsApiController } from './operations-api.controller';
import { OperationsPagesController } from './operations-pages.controller';
import { OperationsService } from './operations.service';

/** The operations page and `/api/operations`. */
@Module({
  controllers: [OperationsPagesController, OperationsApiController],
  providers: [OperationsService],
})
export class OperationsModule {}
