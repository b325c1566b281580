import { Injectable } from '@nestjs/common';

/** An email the sample worker "sent". */
export interface OutboxMessage {
  messageId: string;
  recipient: string;
  subject: string;
  body: string;
  sentAt: number;
}

/**
 * Where the sample worker delivers email: an in-memory outbox (a real app would call its mail provider here).
 * Delivery is idempotent per task id, so an at-least-once redelivery does not send twice.
 */
@Injectable()
export class Outbox {
  private readonly messages = new Map<string, OutboxMessage>();

  deliver(message: OutboxMessage): OutboxMessage {
    const existing = this.messages.get(message.messageId);
    if (existing) return existing;
    this.messages.set(message.messageId, message);
    return message;
  }

  sent(): OutboxMessage[] {
    return [...this.messages.values()];
  }
}
