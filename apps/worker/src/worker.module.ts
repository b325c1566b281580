import { AcbModule, type AcbModuleOptions } from '@acb/core';
import { type DynamicModule, Module } from '@nestjs/common';

/** The sample worker: the ACB stack from `settings/`, no HTTP. Task handlers and schedules are added here. */
@Module({})
export class WorkerModule {
  static forRoot(options: AcbModuleOptions = {}): DynamicModule {
    return { module: WorkerModule, imports: [AcbModule.forRoot(options)] };
  }
}
