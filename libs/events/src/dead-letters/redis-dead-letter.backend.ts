import type Redis from 'ioredis';
import type { DeadLetter } from '../interfaces/dead-letter.interface';
import type { DeadLetterBackend } from './dead-letter-backend.interface';

/**
 * Dead letters in a Redis hash `<streamPrefix>:dead:<appName>` (id -> JSON), shared by every instance of the app,
 * so any instance can list and replay them.
 */
export class RedisDeadLetterBackend implements DeadLetterBackend {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async add(deadLetter: DeadLetter): Promise<void> {
    await this.redis.hset(this.key, deadLetter.id, JSON.stringify(deadLetter));
  }

  async list(): Promise<DeadLetter[]> {
    const all = await this.redis.hvals(this.key);
    return all
      .map((json) => JSON.parse(json) as DeadLetter)
      .sort((a, b) => a.failedAt.localeCompare(b.failedAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const json = await this.redis.hget(this.key, id);
    return json === null ? undefined : (JSON.parse(json) as DeadLetter);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) > 0;
  }

  async purge(): Promise<number> {
    const count = await this.redis.hlen(this.key);
    await this.redis.del(this.key);
    return count;
  }
}
