// A Redis call on a request's path (src/cluster/store-call.ts): Redis unreachable or too slow is STORE_UNAVAILABLE (503,
// retry shortly); any other failure is a fault — reported, and passed on as it is, so the request answers 500.
import { describe, expect, it, vi } from 'vitest';
import { isUnreachable, storeCall } from '../../../src/cluster/store-call.js';
import { EngineError } from '../../../src/engine/engine-error.js';
import { toServiceError } from '../../../src/http/problem.js';

/** An error as ioredis or Redis raises it: a name, and for socket errors a code. */
function redisError(name: string, message: string, code?: string): Error {
  const err = new Error(message);
  Object.defineProperty(err, 'name', { value: name });
  if (code) Object.assign(err, { code });
  return err;
}

const unreachable = [
  redisError('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).'),
  redisError('Error', "Stream isn't writeable and enableOfflineQueue options is false"),
  redisError('Error', 'Connection is closed.'),
  redisError('Error', 'connect ECONNREFUSED 127.0.0.1:6390', 'ECONNREFUSED'),
  redisError('ReplyError', 'LOADING Redis is loading the dataset in memory'),
];

const faults = [
  (() => {
    try {
      JSON.parse('{"id": "abc", ');
    } catch (err) {
      return err as Error;
    }
    throw new Error('unreachable');
  })(),
  redisError('ReplyError', 'ERR user_script:3: Script attempted to access nonexistent global variable'),
  redisError('ReplyError', 'WRONGTYPE Operation against a key holding the wrong kind of value'),
  new TypeError("Cannot read properties of undefined (reading 'version')"),
];

describe('storeCall', () => {
  it('answers STORE_UNAVAILABLE at once while the connection is down, without trying', async () => {
    const work = vi.fn(async () => 'never');
    const stored = storeCall(() => false, () => undefined);
    await expect(stored(work)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(work).not.toHaveBeenCalled();
  });

  it.each(unreachable.map((err) => [err.message, err] as const))('reads "%s" as Redis unreachable: STORE_UNAVAILABLE, nothing reported', async (_, err) => {
    const onError = vi.fn();
    const stored = storeCall(() => true, onError);
    expect(isUnreachable(err)).toBe(true);
    await expect(stored(() => Promise.reject(err))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(onError).not.toHaveBeenCalled();
  });

  it.each(faults.map((err) => [err.message, err] as const))('passes "%s" on as it is, reported once, and it answers 500', async (_, err) => {
    const onError = vi.fn();
    const stored = storeCall(() => true, onError);
    expect(isUnreachable(err)).toBe(false);
    const thrown = await stored(() => Promise.reject(err)).catch((e: unknown) => e);
    expect(thrown).toBe(err);
    expect(thrown).not.toBeInstanceOf(EngineError);
    expect(onError).toHaveBeenCalledExactlyOnceWith(err);
    expect(toServiceError(thrown)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('gives up on a call that does not answer in time: STORE_UNAVAILABLE', async () => {
    const stored = storeCall(() => true, () => undefined, 20);
    await expect(stored(() => new Promise(() => undefined))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('passes the engine’s own refusals through untouched', async () => {
    const capacity = new EngineError('SCAN_CAPACITY', 'full');
    const stored = storeCall(() => true, () => undefined);
    await expect(stored(() => Promise.reject(capacity))).rejects.toBe(capacity);
  });
});
