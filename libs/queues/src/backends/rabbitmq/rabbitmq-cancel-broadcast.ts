import type { Channel } from 'amqplib';
import { errorMessage } from '../../utils/error-message';
import type { RabbitConnection } from './rabbitmq-connection';
import { RabbitMqMessages } from './rabbitmq.messages';

const EXCHANGE_OPTIONS = { durable: false, autoDelete: true };

/** A cancellation as it travels between processes. */
export interface CancelNotice {
  queue: string;
  id: string;
}

/**
 * Cancellations reach the workers of OTHER processes through a fanout exchange (`<prefix>.__acb_cancel`): every backend
 * instance binds a private auto-delete queue to it and records the ids it hears, so its consumers drop those tasks on
 * delivery. Best effort by nature: an instance that is disconnected at that moment, or starts later, does not hear it.
 */
export class RabbitCancelBroadcast {
  private channel?: Channel;
  private settingUp?: Promise<void>;
  private closed = false;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly exchange: string,
    private readonly onNotice: (notice: CancelNotice) => void,
    private readonly logger: { warn?: (message: string) => void },
  ) {}

  start(): Promise<void> {
    this.settingUp ??= (async () => {
      for (;;) {
        if (this.closed || this.connection.isClosed) return;
        try {
          await this.open();
          return;
        } catch (error) {
          if (this.closed || this.connection.isClosed) return;
          this.logger.warn?.(RabbitMqMessages.channelError('cancel listener', errorMessage(error)));
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })().finally(() => {
      this.settingUp = undefined;
    });
    return this.settingUp;
  }

  async publish(notice: CancelNotice): Promise<void> {
    // Declared before each notice: the exchange auto-deletes when no instance is bound (nothing left on the broker).
    await this.connection.assertExchange(this.exchange, 'fanout', EXCHANGE_OPTIONS);
    await this.connection.publish(this.exchange, '', Buffer.from(JSON.stringify(notice)), { contentType: 'application/json' });
  }

  async close(): Promise<void> {
    this.closed = true;
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const channel = await this.connection.channel();
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      if (!this.closed) void this.start();
    });
    await channel.assertExchange(this.exchange, 'fanout', EXCHANGE_OPTIONS);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await channel.bindQueue(queue, this.exchange, '');
    this.channel = channel;
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        try {
          const notice = JSON.parse(message.content.toString('utf8')) as CancelNotice;
          if (typeof notice.queue === 'string' && typeof notice.id === 'string') this.onNotice(notice);
        } catch {
          // not a notice of ours
        }
      },
      { noAck: true },
    );
  }
}
