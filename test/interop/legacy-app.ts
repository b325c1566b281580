/**
 * The "existing Nest app" of the README's migration path, before any ACB module: @nestjs/config, an @OnEvent
 * listener fed by EventEmitter2.emit, a @Cron job, and (on Redis) a BullModule queue with its @Processor class and
 * a producer using @nestjs/bullmq's @InjectQueue. The migration specs add ACB one module at a time and check that
 * every line here keeps working unchanged.
 */
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Cron, ScheduleModule } from '@nestjs/schedule';

/** Existing code that emits on EventEmitter2. */
@Injectable()
export class OrdersService {
  constructor(private readonly emitter: EventEmitter2) {}

  place(orderId: string): void {
    this.emitter.emit('order.created', { orderId });
  }
}

/** An existing @OnEvent listener (wildcard, as in the @nestjs/event-emitter docs). */
@Injectable()
export class OrderAudit {
  readonly entries: Array<{ orderId: string }> = [];

  @OnEvent('order.*')
  record(payload: { orderId: string }): void {
    this.entries.push(payload);
  }
}

/** An existing @Cron job. */
@Injectable()
export class NightlyReport {
  runs = 0;

  @Cron('*/10 * * * * *', { name: 'nightly_report' })
  run(): void {
    this.runs += 1;
  }
}

/** Existing code that reads @nestjs/config. */
@Injectable()
export class Greeting {
  constructor(private readonly config: ConfigService) {}

  text(): string {
    return `Welcome to ${this.config.get<string>('app.name')} (${this.config.get<string>('legacy.region')})`;
  }
}

/** The existing app's module, without queues (those need Redis: see legacy-queues.ts). */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ legacy: { region: 'eu-west' } })] }),
    EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' }),
    ScheduleModule.forRoot(),
  ],
  providers: [OrdersService, OrderAudit, NightlyReport, Greeting],
  exports: [OrdersService],
})
export class LegacyAppModule {}
