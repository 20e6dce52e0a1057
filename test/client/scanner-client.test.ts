// The typed client against a real server on a socket (in-process mode, fixture strategies): every method, reuse,
// refusals as ScannerError, Retry-After, timeouts, and `follow` over SSE with resume and the long-poll fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScannerClient, isRetryable, ScannerError, type ScanSnapshot } from '../../src/client/index.js';
import { createHarness, listen, warmUp, type Harness, type Listening } from '../http/support/harness.js';

const QUICK = { strategies: ['fast', 'fast_b'], symbols: ['AAA'], budgetMs: 10_000 };
/** Holds its worker until cancelled or until its budget ends. */
const LIVE = { strategies: ['cooperative'], budgetMs: 30_000, strategyTimeoutMs: 30_000, force: true };
/** Changes version several times: one strategy after another on one thread. */
const STEPS = { strategies: ['fast', 'slow', 'fast_b'], symbols: ['AAA'], budgetMs: 10_000, force: true };

interface Served {
  h: Harness;
  server: Listening;
}

async function serve(env: Record<string, string>): Promise<Served> {
  const h = createHarness({ SCANNER_THREADS: '1', SCANNER_SPARE_THREADS: '0', ...env });
  await warmUp(h);
  return { h, server: await listen(h) };
}

/** A fetch that records what it sends, and lets a test rewrite answers. */
function recordingFetch(rewrite: (request: Request, response: Response, index: number) => Response | Promise<Response> = (_q, r) => r) {
  const sent: Request[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    sent.push(request.clone());
    return rewrite(request, await fetch(request), sent.length - 1);
  };
  return { sent, fetch: fetchFn as typeof fetch };
}

const problemResponse = (status: number, code: string, retryAfter: string): Response =>
  new Response(JSON.stringify({ type: `https://opportunity-scanner.dev/problems/${code.toLowerCase()}`, title: code, status, detail: 'simulated', code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': retryAfter },
  });

async function collect(snapshots: AsyncIterable<ScanSnapshot>): Promise<ScanSnapshot[]> {
  const seen: ScanSnapshot[] = [];
  for await (const snapshot of snapshots) seen.push(snapshot);
  return seen;
}

function expectFollowed(seen: ScanSnapshot[]): void {
  expect(seen.length).toBeGreaterThan(1);
  const versions = seen.map((s) => s.version);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  expect(new Set(versions).size).toBe(versions.length);
  expect(seen.at(-1)?.done).toBe(true);
  expect(seen.slice(0, -1).every((s) => !s.done)).toBe(true);
}

describe('createScannerClient (dev mode)', () => {
  let dev: Served;
  beforeAll(async () => {
    dev = await serve({ SCANNER_MAX_SSE_CLIENTS: '2' });
  });
  afterAll(async () => {
    await dev.server.close();
    await dev.h.close();
  });

  it('start answers the initiated snapshot; a second start without force shows the reuse', async () => {
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'reuser' });
    const first = await client.start(LIVE);
    expect(first.reused).toBe(false);
    expect(first.snapshot.state).toBe('initiated');
    expect(first.snapshot.userId).toBe('reuser');
    const again = await client.start({ strategies: ['fast'] });
    expect(again.reused).toBe(true);
    expect(again.snapshot.id).toBe(first.snapshot.id);
    await client.cancel(first.snapshot.id);
  });

  it('waitForFinal long-polls with version to the final snapshot; get and list agree', async () => {
    const client = createScannerClient({ baseUrl: `${dev.server.url}/`, userId: 'waiter' });
    const { snapshot } = await client.start({ ...STEPS });
    const recorder = recordingFetch();
    const watching = createScannerClient({ baseUrl: dev.server.url, userId: 'waiter', fetch: recorder.fetch });
    const final = await watching.waitForFinal(snapshot.id, { timeoutMs: 20_000 });
    expect(final.done).toBe(true);
    expect(final.state).toBe('complete');
    expect(final.opportunities.length).toBeGreaterThan(0);
    // Long-polls after the first read carry the version they have seen.
    const longPolls = recorder.sent.map((r) => new URL(r.url)).filter((u) => u.searchParams.has('waitMs'));
    expect(longPolls.length).toBeGreaterThan(0);
    expect(longPolls.every((u) => u.searchParams.has('version'))).toBe(true);
    expect(await client.get(snapshot.id)).toEqual(final);
    expect((await client.list()).map((s) => s.id)).toContain(snapshot.id);
    expect(await client.list({ limit: 1 })).toHaveLength(1);
  });

  it('cancel stops a running scan and answers its snapshot', async () => {
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'canceller' });
    const { snapshot } = await client.start(LIVE);
    await expect.poll(async () => (await client.get(snapshot.id)).state, { timeout: 10_000 }).toBe('running');
    const cancelled = await client.cancel(snapshot.id);
    expect(cancelled.id).toBe(snapshot.id);
    const final = await client.waitForFinal(snapshot.id, { timeoutMs: 10_000 });
    expect(final.state).toBe('cancelled');
    // Cancelling a final scan changes nothing.
    expect((await client.cancel(snapshot.id)).version).toBe(final.version);
  });

  it('refusals reject with ScannerError carrying status, code, detail and the problem', async () => {
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'refused' });
    const missing = await client.get('V1StGXR8_Z5jdHi6B-myT').catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(ScannerError);
    expect(missing).toMatchObject({ status: 404, code: 'SCAN_NOT_FOUND', retryAfterMs: undefined });
    expect((missing as ScannerError).detail).not.toBe('');

    const invalid = await client.start({ strategies: ['moon_phase'] }).catch((err: unknown) => err);
    expect(invalid).toMatchObject({ status: 400, code: 'UNKNOWN_STRATEGY' });
    expect((invalid as ScannerError).problem.validStrategies).toContain('fast');

    // Another user's scan does not exist for this one.
    const { snapshot } = await createScannerClient({ baseUrl: dev.server.url, userId: 'owner' }).start(QUICK);
    await expect(client.cancel(snapshot.id)).rejects.toMatchObject({ status: 404, code: 'SCAN_NOT_FOUND' });
  });

  it('waitForFinal retries a 503 after its Retry-After, and gives up at timeoutMs or when aborted', async () => {
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'patient' });
    const { snapshot } = await client.start({ ...QUICK, force: true });
    const at: number[] = [];
    const flaky = recordingFetch((_request, response, index) => {
      at.push(Date.now());
      return index === 0 ? problemResponse(503, 'STORE_UNAVAILABLE', '1') : response;
    });
    const final = await createScannerClient({ baseUrl: dev.server.url, userId: 'patient', fetch: flaky.fetch }).waitForFinal(snapshot.id);
    expect(final.done).toBe(true);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(950);

    const live = await client.start(LIVE);
    const timedOut = await client.waitForFinal(live.snapshot.id, { timeoutMs: 300 }).catch((err: unknown) => err);
    expect(timedOut).toMatchObject({ name: 'TimeoutError' });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    await expect(client.waitForFinal(live.snapshot.id, { signal: stop.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await client.cancel(live.snapshot.id);
  });

  it('follow streams every new version over SSE and ends with the final snapshot', async () => {
    const recorder = recordingFetch();
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'follower', fetch: recorder.fetch });
    const { snapshot } = await client.start(STEPS);
    const seen = await collect(client.follow(snapshot.id));
    expectFollowed(seen);
    const paths = recorder.sent.map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p.endsWith('/events'))).toHaveLength(1);
    expect(paths.filter((p) => p === `/v1/scans/${snapshot.id}`)).toHaveLength(0);
  });

  it('follow resumes a dropped stream from the last version it saw (Last-Event-ID)', async () => {
    // The first event stream is cut after its first message, as a dropped connection would.
    const cut = recordingFetch((request, response, index) => {
      if (index !== 1 || !request.url.endsWith('/events') || !response.body) return response;
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
          await reader.cancel();
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    });
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'resumer', fetch: cut.fetch });
    const { snapshot } = await client.start(STEPS);
    const seen = await collect(client.follow(snapshot.id));
    expectFollowed(seen);
    const streams = cut.sent.filter((r) => r.url.endsWith('/events'));
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams[0]?.headers.get('Last-Event-ID')).toBeNull();
    expect(Number(streams[1]?.headers.get('Last-Event-ID'))).toBe(seen[0]?.version);
  });

  it('follow falls back to long-poll where streams are not possible', async () => {
    // Both of the server's stream slots are taken: the stream answers 429 STREAM_CAPACITY.
    const holder = createScannerClient({ baseUrl: dev.server.url, userId: 'holder' });
    const held = await holder.start(LIVE);
    const holders = [holder.follow(held.snapshot.id), holder.follow(held.snapshot.id)];
    await Promise.all(holders.map((h) => h.next()));

    const recorder = recordingFetch();
    const client = createScannerClient({ baseUrl: dev.server.url, userId: 'poller', fetch: recorder.fetch });
    const { snapshot } = await client.start(STEPS);
    const following = collect(client.follow(snapshot.id));
    // Once it long-polls, free the thread the held scan takes (which also ends the held streams).
    await expect.poll(() => recorder.sent.some((r) => new URL(r.url).searchParams.has('waitMs')), { timeout: 10_000 }).toBe(true);
    await holder.cancel(held.snapshot.id);
    expectFollowed(await following);
    await Promise.all(holders.map((h) => h.return()));

    // A fetch whose responses have no readable body (no streams at all) polls as well.
    const bodiless = recordingFetch((request, response) => (request.url.endsWith('/events') ? new Response(null, { status: 200, headers: response.headers }) : response));
    const plain = createScannerClient({ baseUrl: dev.server.url, userId: 'poller', fetch: bodiless.fetch });
    const second = await plain.start(STEPS);
    expectFollowed(await collect(plain.follow(second.snapshot.id)));
    // …and so does `transport: 'poll'`, without trying a stream.
    const third = await plain.start(STEPS);
    const before = bodiless.sent.length;
    expectFollowed(await collect(plain.follow(third.snapshot.id, { transport: 'poll' })));
    expect(bodiless.sent.slice(before).some((r) => r.url.endsWith('/events'))).toBe(false);
  });
});

describe('createScannerClient (tokens, bounds)', () => {
  let tokens: Served;
  beforeAll(async () => {
    tokens = await serve({ SCANNER_TOKENS: 'tok-client-alice:alice,tok-client-bob:bob', SCANNER_MAX_RUNNING_SCANS: '1', SCANNER_MAX_QUEUED_SCANS: '1' });
  });
  afterAll(async () => {
    await tokens.server.close();
    await tokens.h.close();
  });

  it('sends the bearer token; a wrong one is 401 UNAUTHORIZED', async () => {
    const alice = createScannerClient({ baseUrl: tokens.server.url, token: 'tok-client-alice' });
    const { snapshot } = await alice.start(QUICK);
    expect(snapshot.userId).toBe('alice');
    expect((await alice.waitForFinal(snapshot.id)).state).toBe('complete');
    const wrong = createScannerClient({ baseUrl: tokens.server.url, token: 'nope' });
    await expect(wrong.list()).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('a 429 carries the wait the service asked for', async () => {
    const alice = createScannerClient({ baseUrl: tokens.server.url, token: 'tok-client-alice' });
    const bob = createScannerClient({ baseUrl: tokens.server.url, token: 'tok-client-bob' });
    const running = await alice.start(LIVE);
    // One running and one queued scan fill the bounds: the first must hold the thread before the second is queued.
    await expect.poll(async () => (await alice.get(running.snapshot.id)).state, { timeout: 10_000 }).toBe('running');
    const queued = await alice.start({ ...QUICK, force: true });
    const refused = await bob.start(QUICK).catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 429 });
    expect(isRetryable(refused)).toBe(true);
    expect((refused as ScannerError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    await alice.cancel(running.snapshot.id);
    await alice.waitForFinal(queued.snapshot.id);
  });
});
