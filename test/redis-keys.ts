import Redis from 'ioredis';

/** Deletes every key matching `pattern` (a SCAN pattern) on `target`: an open client, or a URL (a client is opened and closed). */
export async function deleteRedisKeys(target: Redis | string, pattern: string): Promise<void> {
  const client = typeof target === 'string' ? new Redis(target) : target;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    if (typeof target === 'string') await client.quit();
  }
}
