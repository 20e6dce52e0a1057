// Errors are not masked: over the Redis store, a record that does not parse is a fault — reported to the engine's
// onError and answered 500 — not "the store is unavailable" (503), which only an unreachable Redis is.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { clusterKeys } from '../../../src/cluster/cluster-keys.js';
import type { Engine } from '../../../src/engine/engine.js';
import { toServiceError } from '../../../src/http/problem.js';
import { redisMode, TEST_REDIS_URL } from '../../support/engine-modes.js';

const test = redisMode.runnable ? it : it.skip;

describe('the Redis store, given a record it cannot parse', () => {
  let engine: Engine | undefined;
  afterAll(async () => {
    await engine?.close();
    await redisMode.cleanup();
  });

  test('reports it and answers 500 (INTERNAL_ERROR), never 503 STORE_UNAVAILABLE', async () => {
    const prefix = `engine-errors-${randomBytes(5).toString('hex')}`;
    const onError = vi.fn();
    engine = await redisMode.build({ SCANNER_REDIS_PREFIX: prefix }, { onError });
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await redis.hset(clusterKeys(prefix).scan('corrupt1'), { v: '1', done: '0', json: '{"id": "corrupt1", ', user: 'alice', instance: '', cancel: '0' });
    } finally {
      redis.disconnect();
    }
    const thrown = await engine.read('corrupt1', { userId: 'alice' }).catch((err: unknown) => err);
    expect(thrown).toBeInstanceOf(SyntaxError);
    expect(toServiceError(thrown)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(onError).toHaveBeenCalledWith(thrown, expect.anything());
  });
});
