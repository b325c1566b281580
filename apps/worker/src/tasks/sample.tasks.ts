import { Injectable } from '@nestjs/common';
import { AcbEveryHour, AcbTask, UnrecoverableTaskError, type TaskContext } from '@acb/queues';
import { Outbox } from './outbox.service';
import { SAMPLE_TASKS } from './sample-task-names';

export interface SendEmailPayload {
  recipient: string;
  subject: string;
  body: string;
}

export interface ProcessOrderPayload {
  orderId: string;
  items: Array<{ sku: string; quantity: number; unitPrice: number }>;
}

export interface GenerateReportPayload {
  reportId: string;
  /** How long the report takes to build (the sample's stand-in for real work). */
  durationMs: number;
}

export interface SendReminderPayload {
  userId: string | number;
  message?: string;
}

/** The sample worker's tasks: what the sample API enqueues (the seed's examples). */
@Injectable()
export class SampleTasks {
  constructor(private readonly outbox: Outbox) {}

  @AcbTask(SAMPLE_TASKS.sendEmail, { maxRetries: 3, timeoutMs: 30_000 })
  sendEmail(payload: SendEmailPayload, ctx: TaskContext): { messageId: string; recipient: string } {
    if (!payload || typeof payload.recipient !== 'string' || !payload.recipient.includes('@')) {
      throw new UnrecoverableTaskError(`send_email needs a recipient address, got ${JSON.stringify(payload?.recipient)}`);
    }
    const message = this.outbox.deliver({
      messageId: ctx.taskId,
      recipient: payload.recipient,
      subject: String(payload.subject ?? ''),
      body: String(payload.body ?? ''),
      sentAt: Date.now(),
    });
    ctx.logger.log('Email sent', { recipient: message.recipient, subject: message.subject });
    return { messageId: message.messageId, recipient: message.recipient };
  }

  @AcbTask(SAMPLE_TASKS.processOrder, { priority: 'high', maxRetries: 5 })
  processOrder(payload: ProcessOrderPayload, ctx: TaskContext): { orderId: string; total: number; items: number } {
    if (!payload || typeof payload.orderId !== 'string' || !Array.isArray(payload.items) || payload.items.length === 0) {
      throw new UnrecoverableTaskError('process_order needs an orderId and at least one item');
    }
    let cents = 0;
    for (const item of payload.items) {
      if (!(item.quantity > 0) || !(item.unitPrice >= 0)) {
        throw new UnrecoverableTaskError(`process_order: item ${item.sku} has an invalid quantity or price`);
      }
      cents += Math.round(item.unitPrice * 100) * item.quantity;
    }
    const total = cents / 100;
    ctx.logger.log('Order processed', { orderId: payload.orderId, total });
    return { orderId: payload.orderId, total, items: payload.items.length };
  }

  @AcbTask(SAMPLE_TASKS.sendReminder, { priority: 'low' })
  sendReminder(payload: SendReminderPayload, ctx: TaskContext): { userId: string | number } {
    ctx.logger.log('Reminder sent', { userId: payload.userId });
    return { userId: payload.userId };
  }

  /** A long-running task that honours its AbortSignal (timeouts, graceful shutdown). */
  @AcbTask(SAMPLE_TASKS.generateReport, { priority: 'low', maxRetries: 2 })
  async generateReport(payload: GenerateReportPayload, ctx: TaskContext): Promise<{ reportId: string }> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, Math.max(0, Number(payload.durationMs) || 0));
      ctx.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error(`report ${payload.reportId} interrupted`));
        },
        { once: true },
      );
    });
    ctx.logger.log('Report generated', { reportId: payload.reportId });
    return { reportId: payload.reportId };
  }

  /** The seed's `@scheduler.every_hour()` example: an hourly housekeeping run. */
  @AcbEveryHour({ name: 'worker.hourly_report' })
  hourlyReport(): number {
    return this.outbox.sent().length;
  }
}
