// The JSON body guard's bounds: an over-limit body is drained up to MAX_DRAIN_BYTES and MAX_DRAIN_MS, so the 413 keeps the
// connection; past either bound the 413 says `Connection: close`. And the content coding: only identity is read.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_DRAIN_BYTES, MAX_DRAIN_MS } from '../../src/http/json-body.js';
import { asUser, createHarness, jsonInit, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const MiB = 1024 * 1024;

/** A body of `chunks` chunks of `size` bytes; `pulled()` is how many were read. `stallAfter`: stop sending (but stay open). */
function source(chunks: number, size: number, stallAfter = Infinity) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= stallAfter) return new Promise<void>(() => undefined);
      if (pulled >= chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

const post = (body: ReadableStream<Uint8Array> | Uint8Array, headers: Record<string, string> = {}): Promise<Response> =>
  Promise.resolve(
    h.app.request('/v1/scans', asUser('drain', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers }, duplex: 'half' } as RequestInit)),
  );

describe('a body over the limit', () => {
  it('is read to its end within the drain bound: 413 and the connection stays open', async () => {
    const body = source(2, MiB);
    const res = await post(body.stream);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBeNull();
    expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.pulled()).toBe(2);
  });

  it(`past MAX_DRAIN_BYTES (${MAX_DRAIN_BYTES}) is left unread: 413 with Connection: close`, async () => {
    const body = source(64, MiB);
    const res = await post(body.stream);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(body.pulled()).toBeLessThan(MAX_DRAIN_BYTES / MiB + 4);
  });

  it('declared past MAX_DRAIN_BYTES by Content-Length: 413 with Connection: close at once, nothing read', async () => {
    const body = source(1, 1024);
    const res = await post(body.stream, { 'Content-Length': String(MAX_DRAIN_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it(`from a sender that stalls is given up after MAX_DRAIN_MS (${MAX_DRAIN_MS} ms): 413 with Connection: close`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = post(source(10, 64 * 1024, 3).stream);
      await vi.advanceTimersByTimeAsync(MAX_DRAIN_MS + 10);
      const res = await pending;
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Content-Encoding', () => {
  it('gzip → 415 UNSUPPORTED_MEDIA_TYPE with Accept-Encoding: identity, before any JSON parsing', async () => {
    const res = await post(new Uint8Array([0x1f, 0x8b, 0x08, 0x00]), { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-encoding')).toBe('identity');
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.stringContaining('gzip') });
  });

  it('identity (any case) is the body as sent', async () => {
    for (const encoding of ['identity', 'IDENTITY']) {
      const res = await h.app.request('/v1/scans', asUser(`enc-${encoding}`, jsonInit('POST', { strategies: ['fast'] }, { 'Content-Encoding': encoding })));
      expect(res.status).toBe(202);
    }
  });
});
