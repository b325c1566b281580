import type { LoggerService } from '@nestjs/common';
import { requireOptionalPeer } from '@acb/common';
import type Redis from 'ioredis';
import type { TaskRecord, TaskStatus } from '../../interfaces/task.interface';
import { compareForListing } from '../../utils/listing-order';
import { errorMessage } from '../../utils/error-message';
import { RabbitMqMessages } from './rabbitmq.messages';

/** KEYS: record, index. ARGV: record JSON, ttl ms, now, id. 0 when the stored record says cancelled. */
const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).status == 'cancelled' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
`;

export interface SharedStatusSettings {
  url: string;
  prefix: string;
  /** Records kept per queue in the index (least recently updated go first). */
  keepRecords: number;
  /** Every record expires this long after its last update. */
  ttlMs: number;
  logger: LoggerService;
}

/**
 * The RabbitMQ backend's SHARED status store, on Redis (`backendOptions.statusStoreUrl`): every instance writes the
 * records it changes (enqueued, active, completed, failed, dead, cancelled) and reads them back, so `getTask`,
 * `getPendingTasks` and `cancel` give every process the same answer. Keys, under the backend's prefix:
 * `<prefix>:acb:status:<queue>:<id>` one JSON record each, expiring `ttlMs` after its last update, and the index
 * `<prefix>:acb:status:<queue>` (a sorted set by update time) trimmed to `keepRecords` per queue. Writes of one
 * instance go out in order on one connection (ioredis keeps order); the writes that another instance must see at once
 * (enqueue before the publish, cancel) are awaited.
 */
export class RabbitSharedStatus {
  private readonly client: Redis;

  constructor(private readonly settings: SharedStatusSettings) {
    const { default: RedisClient } = requireOptionalPeer<typeof import('ioredis')>(
      'ioredis',
      'the rabbitmq queue backend with backendOptions.statusStoreUrl',
      () => require('ioredis'),
    );
    this.client = new RedisClient(settings.url, { lazyConnect: true, maxRetriesPerRequest: null, enableAutoPipelining: true });
    this.client.on('error', (error: unknown) =>
      settings.logger.warn?.(RabbitMqMessages.channelError('status store (redis)', errorMessage(error))),
    );
  }

  /** Connects; on failure the client is closed (no reconnect loop left behind) and the start fails. */
  async connect(): Promise<void> {
    try {
      await this.client.connect();
      await this.client.ping();
    } catch (error) {
      this.client.disconnect();
      throw new Error(RabbitMqMessages.statusStoreUnreachable(errorMessage(error)));
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  /** Stores `record` (replacing any). */
  async write(record: TaskRecord): Promise<void> {
    const index = this.indexKey(record.queue);
    await this.client
      .multi()
      .set(this.recordKey(record.queue, record.id), JSON.stringify(record), 'PX', this.settings.ttlMs)
      .zadd(index, Date.now(), record.id)
      .zremrangebyrank(index, 0, -(this.settings.keepRecords + 1))
      .pexpire(index, this.settings.ttlMs)
      .exec();
  }

  /** `write` that is not awaited (a consumer's own transitions); a failure is logged. */
  post(record: TaskRecord): void {
    this.write(record).catch((error: unknown) =>
      this.settings.logger.warn?.(RabbitMqMessages.channelError('status store (redis)', errorMessage(error))),
    );
  }

  /** Stores `record` only if no record of that id exists; false when one does (a `jobId` seen by any instance). */
  async insert(record: TaskRecord): Promise<boolean> {
    const key = this.recordKey(record.queue, record.id);
    const stored = await this.client.set(key, JSON.stringify(record), 'PX', this.settings.ttlMs, 'NX');
    if (stored === null) return false;
    const index = this.indexKey(record.queue);
    await this.client.multi().zadd(index, Date.now(), record.id).zremrangebyrank(index, 0, -(this.settings.keepRecords + 1)).exec();
    return true;
  }

  /**
   * Records the start of an attempt unless the task was cancelled (by any instance): atomic, so a cancellation this
   * instance did not hear through the broadcast still stops the task. False = cancelled, do not run it.
   */
  async claim(record: TaskRecord): Promise<boolean> {
    const claimed = (await this.client.eval(
      CLAIM_SCRIPT,
      2,
      this.recordKey(record.queue, record.id),
      this.indexKey(record.queue),
      JSON.stringify(record),
      String(this.settings.ttlMs),
      String(Date.now()),
      record.id,
    )) as number;
    return claimed === 1;
  }

  async get(queue: string, id: string): Promise<TaskRecord | undefined> {
    const raw = await this.client.get(this.recordKey(queue, id));
    return raw ? (JSON.parse(raw) as TaskRecord) : undefined;
  }

  async delete(queue: string, id: string): Promise<void> {
    await this.client.multi().del(this.recordKey(queue, id)).zrem(this.indexKey(queue), id).exec();
  }

  /** Records of `queue` whose status is in `statuses`, in the shared listing order, at most `limit`. */
  async list(queue: string, statuses: readonly TaskStatus[], limit: number): Promise<TaskRecord[]> {
    const wanted = new Set(statuses);
    const ids = await this.client.zrevrange(this.indexKey(queue), 0, this.settings.keepRecords - 1);
    if (ids.length === 0) return [];
    const raws = await this.client.mget(...ids.map((id) => this.recordKey(queue, id)));
    const listed = raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as TaskRecord)
      .filter((record) => wanted.has(record.status))
      // Arrival order across processes: the enqueue time (a retry's turn starts at its due time).
      .map((record) => ({ record, seq: record.status === 'pending' ? record.runAt : record.createdAt }));
    return listed.sort(compareForListing).slice(0, Math.max(0, limit)).map((entry) => entry.record);
  }

  /** Forgets every record of `queue`. */
  async clear(queue: string): Promise<void> {
    const index = this.indexKey(queue);
    const ids = await this.client.zrange(index, 0, -1);
    const keys = ids.map((id) => this.recordKey(queue, id));
    for (let start = 0; start < keys.length; start += 1000) await this.client.del(...keys.slice(start, start + 1000));
    await this.client.del(index);
  }

  private recordKey(queue: string, id: string): string {
    return `${this.settings.prefix}:acb:status:${queue}:${id}`;
  }

  private indexKey(queue: string): string {
    return `${this.settings.prefix}:acb:status:${queue}`;
  }
}
