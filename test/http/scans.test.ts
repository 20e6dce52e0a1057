// The scan routes against the contract: POST (202, Location, Retry-After, reuse, force), GET (ETag, 304, long-poll),
// DELETE (cancel keeps finished results), GET /v1/scans (newest first), and the final states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { asUser, createHarness, fixtureInfo, jsonInit, waitForFinal, warmUp, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = createHarness();
  await warmUp(h);
});
afterAll(() => h.close());

async function post(user: string, body: unknown): Promise<{ res: Response; snapshot: ScanSnapshot }> {
  const res = await h.app.request('/v1/scans', asUser(user, jsonInit('POST', body)));
  return { res, snapshot: (await res.json()) as ScanSnapshot };
}

const get = (user: string, path: string, headers: Record<string, string> = {}): Promise<Response> =>
  Promise.resolve(h.app.request(path, asUser(user, { headers })));

describe('POST /v1/scans', () => {
  it('answers 202 with Location, Retry-After and the initiated snapshot, readable at once', async () => {
    const { res, snapshot } = await post('p1', { strategies: ['fast', 'slow'], budgetMs: 5000 });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('location')).toBe(`/v1/scans/${snapshot.id}`);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('scan-reused')).toBeNull();
    expect(snapshot).toMatchObject({ userId: 'p1', state: 'initiated', done: false, budgetMs: 5000, finishedAt: null });
    expect(snapshot.progress).toEqual({ total: 2, queued: 2, running: 0, succeeded: 0, failed: 0, timedOut: 0, cancelled: 0, skipped: 0 });
    expect(snapshot.strategies.map((s) => s.id)).toEqual(['fast', 'slow']);
    expect(Date.parse(snapshot.deadlineAt) - Date.parse(snapshot.createdAt)).toBe(5000);

    const read = await get('p1', `/v1/scans/${snapshot.id}`);
    expect(read.status).toBe(200);
    await waitForFinal(h.service.registry, snapshot.id);
  });

  it('runs every strategy of the catalogue with the default budget when the body is empty', async () => {
    const res = await h.app.request('/v1/scans', asUser('p-empty', { method: 'POST' }));
    expect(res.status).toBe(202);
    const snapshot = (await res.json()) as ScanSnapshot;
    expect(snapshot.strategies.map((s) => s.id)).toEqual(fixtureInfo.map((s) => s.id));
    expect(snapshot.budgetMs).toBe(10_000);
    await h.app.request(`/v1/scans/${snapshot.id}`, asUser('p-empty', { method: 'DELETE' }));
  });

  it("returns the caller's running scan with Scan-Reused: true, and a new one with force: true", async () => {
    const first = await post('p2', { strategies: ['slow'] });
    const again = await post('p2', { strategies: ['fast'] });
    expect(again.res.status).toBe(202);
    expect(again.res.headers.get('scan-reused')).toBe('true');
    expect(again.res.headers.get('location')).toBe(`/v1/scans/${first.snapshot.id}`);
    expect(again.snapshot.id).toBe(first.snapshot.id);

    const forced = await post('p2', { strategies: ['fast'], force: true });
    expect(forced.res.status).toBe(202);
    expect(forced.res.headers.get('scan-reused')).toBeNull();
    expect(forced.snapshot.id).not.toBe(first.snapshot.id);
    await Promise.all([waitForFinal(h.service.registry, first.snapshot.id), waitForFinal(h.service.registry, forced.snapshot.id)]);

    const afterFinal = await post('p2', { strategies: ['fast'] });
    expect(afterFinal.res.headers.get('scan-reused')).toBeNull();
    expect(afterFinal.snapshot.id).not.toBe(first.snapshot.id);
  });
});

describe('GET /v1/scans/{id}', () => {
  it('sends ETag "<id>-<version>", no-store and Retry-After while running; 304 for a matching If-None-Match', async () => {
    const { snapshot } = await post('g1', { strategies: ['slow'] });
    const res = await get('g1', `/v1/scans/${snapshot.id}`);
    const body = (await res.json()) as ScanSnapshot;
    expect(res.headers.get('etag')).toBe(`"${snapshot.id}-${body.version}"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (!body.done) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const final = await waitForFinal(h.service.registry, snapshot.id);
    const etag = `"${snapshot.id}-${final.version}"`;
    const notModified = await get('g1', `/v1/scans/${snapshot.id}`, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);

    const stale = await get('g1', `/v1/scans/${snapshot.id}`, { 'If-None-Match': `"${snapshot.id}-1"` });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('retry-after')).toBeNull();
    expect(((await stale.json()) as ScanSnapshot).state).toBe('complete');
  });

  it('long-poll returns as soon as the version changes (well before waitMs)', async () => {
    const { snapshot } = await post('g2', { strategies: ['slow', 'fast'] });
    const started = performance.now();
    const res = await get('g2', `/v1/scans/${snapshot.id}?waitMs=20000&version=${snapshot.version}`);
    const elapsed = performance.now() - started;
    const body = (await res.json()) as ScanSnapshot;
    expect(res.status).toBe(200);
    expect(body.version).toBeGreaterThan(snapshot.version);
    expect(elapsed).toBeLessThan(10_000);
    await waitForFinal(h.service.registry, snapshot.id);
  });

  it('long-poll takes its baseline from If-None-Match and answers 304 if nothing changed within waitMs', async () => {
    // `spins` never yields: nothing changes between its start and its 3 s deadline.
    const { snapshot } = await post('g3', { strategies: ['spins'], strategyTimeoutMs: 3000, budgetMs: 5000 });
    let current = snapshot;
    while (current.state === 'initiated') {
      const res = await get('g3', `/v1/scans/${snapshot.id}?waitMs=2000&version=${current.version}`);
      current = (await res.json()) as ScanSnapshot;
    }
    const etag = `"${snapshot.id}-${current.version}"`;
    const started = performance.now();
    const res = await get('g3', `/v1/scans/${snapshot.id}?waitMs=300`, { 'If-None-Match': etag });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.status).toBe(304);

    const changed = await get('g3', `/v1/scans/${snapshot.id}?waitMs=20000`, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    await waitForFinal(h.service.registry, snapshot.id);
  });

  it('answers a final scan at once even with waitMs', async () => {
    const { snapshot } = await post('g4', { strategies: ['fast'] });
    const final = await waitForFinal(h.service.registry, snapshot.id);
    const started = performance.now();
    const res = await get('g4', `/v1/scans/${snapshot.id}?waitMs=20000&version=${final.version}`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('final states', () => {
  it.each([
    [['fast', 'fast_b'], 'complete'],
    [['fast', 'throws'], 'partial'],
    [['throws', 'empty'], 'partial'],
    [['throws'], 'failed'],
  ])('%j ends %s', async (strategies, state) => {
    const { snapshot } = await post(`fs-${state}-${strategies.join('-')}`, { strategies });
    const final = await waitForFinal(h.service.registry, snapshot.id);
    const res = await get(final.userId, `/v1/scans/${snapshot.id}`);
    expect(((await res.json()) as ScanSnapshot).state).toBe(state);
  });

  it('ranks opportunities best first across strategies', async () => {
    const { snapshot } = await post('rank', { strategies: ['fast', 'fast_b'] });
    await waitForFinal(h.service.registry, snapshot.id);
    const body = (await (await get('rank', `/v1/scans/${snapshot.id}`)).json()) as ScanSnapshot;
    expect(body.opportunities.map((o) => o.strategy)).toEqual(['fast_b', 'fast', 'fast']);
  });
});

describe('DELETE /v1/scans/{id}', () => {
  it('cancels a running scan with 202, keeping finished results; cancelling again is a 200 no-op', async () => {
    const { snapshot } = await post('d1', { strategies: ['fast', 'spins'], budgetMs: 20_000, strategyTimeoutMs: 20_000 });
    // Wait until `fast` has finished and `spins` is running.
    let current = snapshot;
    while (!(current.strategies[0]?.status === 'succeeded' && current.strategies[1]?.status === 'running')) {
      const res = await get('d1', `/v1/scans/${snapshot.id}?waitMs=5000&version=${current.version}`);
      current = (await res.json()) as ScanSnapshot;
    }
    const res = await h.app.request(`/v1/scans/${snapshot.id}`, asUser('d1', { method: 'DELETE' }));
    expect(res.status).toBe(202);
    const cancelled = (await res.json()) as ScanSnapshot;
    expect(cancelled).toMatchObject({ state: 'cancelled', done: true });
    expect(cancelled.strategies.map((s) => s.status)).toEqual(['succeeded', 'cancelled']);
    expect(cancelled.opportunities.length).toBe(2);

    const again = await h.app.request(`/v1/scans/${snapshot.id}`, asUser('d1', { method: 'DELETE' }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as ScanSnapshot).version).toBe(cancelled.version);
  });

  it('cancelling a scan whose strategies are all queued skips them', async () => {
    const blockers = await Promise.all([1, 2].map((n) => post(`d2-block-${n}`, { strategies: ['slow'] })));
    const { snapshot } = await post('d2', { strategies: ['fast', 'fast_b'] });
    const res = await h.app.request(`/v1/scans/${snapshot.id}`, asUser('d2', { method: 'DELETE' }));
    const body = (await res.json()) as ScanSnapshot;
    expect(body.state).toBe('cancelled');
    for (const s of body.strategies) expect(['skipped', 'cancelled', 'succeeded']).toContain(s.status);
    await Promise.all(blockers.map((b) => waitForFinal(h.service.registry, b.snapshot.id)));
  });
});

describe('GET /v1/scans', () => {
  it("lists the caller's scans newest first, honouring limit", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { snapshot } = await post('l1', { strategies: ['fast'], force: true });
      ids.push(snapshot.id);
    }
    const res = await get('l1', '/v1/scans?limit=2');
    expect(res.status).toBe(200);
    const { scans } = (await res.json()) as { scans: Record<string, unknown>[] };
    expect(scans.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(Object.keys(scans[0] ?? {}).sort()).toEqual(['createdAt', 'finishedAt', 'id', 'progress', 'state']);

    const all = (await (await get('l1', '/v1/scans')).json()) as { scans: unknown[] };
    expect(all.scans).toHaveLength(3);
    const nobody = (await (await get('l-nobody', '/v1/scans')).json()) as { scans: unknown[] };
    expect(nobody.scans).toEqual([]);
  });
});

describe('catalogue, machine and health', () => {
  it('GET /v1/strategies lists id, name, description and inputs', async () => {
    const res = await get('c1', '/v1/strategies');
    const { strategies } = (await res.json()) as { strategies: Record<string, unknown>[] };
    expect(strategies.map((s) => s.id)).toContain('fast');
    for (const s of strategies) expect(Object.keys(s).sort()).toEqual(['description', 'id', 'inputs', 'name']);
  });

  it('GET /v1/machines/scan is the machine definition', async () => {
    const res = await get('c1', '/v1/machines/scan');
    const machine = (await res.json()) as { id: string; states: Record<string, unknown> };
    expect(machine.id).toBe('scan');
    expect(Object.keys(machine.states).sort()).toEqual(['cancelled', 'complete', 'failed', 'initiated', 'partial', 'running']);
  });

  it('GET /healthz reports the pool and the scans', async () => {
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; pool: Record<string, number>; scans: Record<string, number> };
    expect(body.status).toBe('ok');
    expect(body.pool.threads).toBe(2);
    expect(Object.keys(body.pool).sort()).toEqual(['queued', 'running', 'threads']);
    expect(Object.keys(body.scans).sort()).toEqual(['queued', 'retained', 'running']);
  });
});
