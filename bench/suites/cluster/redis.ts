// The Redis the cluster suite's instances share: where it is, whether it answers, and a key prefix per run that is
// deleted afterwards, so runs (and other sessions' tests on the same Redis) never see each other's scans.
import { Redis } from 'ioredis';

/** The Redis URL the tests use too: SCANNER_TEST_REDIS_URL, or the project machines' local Redis. */
export function benchRedisUrl(): string {
  return process.env.SCANNER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

function connect(url: string, timeoutMs = 1_000): Redis {
  // Fail fast: no reconnect loop, no offline queue, a short connect timeout.
  return new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

/** True when Redis answers PING within `timeoutMs` (about). The cluster tests (test/cluster/support) use it too. */
export async function redisReachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  const redis = connect(url, timeoutMs);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A prefix no other run uses (SCANNER_REDIS_PREFIX allows 1–64 of A–Z a–z 0–9 . _ -). */
export function uniquePrefix(label: string): string {
  return `bench-cluster-${process.pid}-${Date.now().toString(36)}-${label}`;
}

/** Deletes every key under `prefix:` (scan records, user locks, BullMQ's queue keys); returns how many. */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const redis = connect(url);
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
