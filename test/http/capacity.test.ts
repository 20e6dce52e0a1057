// Backpressure: beyond the configured running + queued bounds POST answers 429 SCAN_CAPACITY with Retry-After, while
// reads of existing scans keep answering even though every worker thread is busy.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { asUser, createHarness, jsonInit, warmUp, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A scan that occupies a worker thread until cancelled (`spins` never yields). */
const hog = { strategies: ['spins'], budgetMs: 30_000, strategyTimeoutMs: 30_000 };

async function post(harness: Harness, user: string, body: unknown = hog): Promise<Response> {
  return harness.app.request('/v1/scans', asUser(user, jsonInit('POST', body)));
}

async function waitRunning(harness: Harness, ids: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (ids.some((id) => harness.service.registry.snapshot(id)?.state !== 'running') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('admission control', () => {
  it('answers 429 SCAN_CAPACITY with Retry-After beyond running + queued, and reads still answer', async () => {
    const harness = (h = createHarness({ SCANNER_MAX_RUNNING_SCANS: '2', SCANNER_MAX_QUEUED_SCANS: '2' }));
    await warmUp(harness);
    const accepted: ScanSnapshot[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await post(harness, `user-${i}`);
      expect(res.status).toBe(202);
      accepted.push((await res.json()) as ScanSnapshot);
      // A new scan counts as queued until a worker starts it: let the first two reach `running`.
      if (i === 1) await waitRunning(harness, accepted.map((s) => s.id));
    }
    const rejected = await post(harness, 'user-4');
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await rejected.json()).toMatchObject({ code: 'SCAN_CAPACITY', status: 429 });

    // Both threads spin; the event loop is free, so reads answer promptly.
    expect(harness.service.pool.stats.running).toBe(2);
    for (const scan of accepted) {
      const started = performance.now();
      const res = await harness.app.request(`/v1/scans/${scan.id}`, asUser(scan.userId));
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect((await harness.app.request('/healthz')).status).toBe(200);

    // The caller's own running scan is reused without needing capacity.
    const reused = await post(harness, 'user-0');
    expect(reused.status).toBe(202);
    expect(reused.headers.get('scan-reused')).toBe('true');

    // Freeing a slot admits a new scan (once the freed thread has taken a queued scan, the queue has room).
    await harness.app.request(`/v1/scans/${accepted[0]?.id}`, asUser('user-0', { method: 'DELETE' }));
    await waitRunning(harness, [accepted[2]?.id ?? '']);
    expect((await post(harness, 'user-5')).status).toBe(202);
  });

  it('bounds scans waiting for a worker separately (SCANNER_MAX_QUEUED_SCANS)', async () => {
    const harness = (h = createHarness({ SCANNER_MAX_RUNNING_SCANS: '10', SCANNER_MAX_QUEUED_SCANS: '2' }));
    await warmUp(harness);
    const running = await Promise.all([0, 1].map(async (i) => (await (await post(harness, `run-${i}`)).json()) as ScanSnapshot));
    await waitRunning(harness, running.map((s) => s.id));
    expect((await post(harness, 'wait-0')).status).toBe(202);
    expect((await post(harness, 'wait-1')).status).toBe(202);
    const rejected = await post(harness, 'wait-2');
    expect(rejected.status).toBe(429);
    expect(await rejected.json()).toMatchObject({ code: 'SCAN_CAPACITY', running: 2, queued: 2 });
  });

  it('refuses at capacity before reading the body, with Retry-After until the first running scan must end', async () => {
    const harness = (h = createHarness({ SCANNER_MAX_RUNNING_SCANS: '1', SCANNER_MAX_QUEUED_SCANS: '1' }));
    // Two hogs with a 30 s budget and no learned costs: the plan's predicted finish has passed, the deadline has not.
    for (const user of ['a', 'b']) {
      const res = await post(harness, user);
      expect(res.status).toBe(202);
      await waitRunning(harness, [((await res.json()) as ScanSnapshot).id]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // both plans' predicted finishes (prior costs) have passed
    // Not even valid JSON: at capacity, a caller with no scan to reuse is refused without the body being read.
    const res = await harness.app.request('/v1/scans', asUser('c', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' }));
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(20);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // A caller with a running scan still has its body read: it may be asking for that scan again.
    expect((await post(harness, 'a')).headers.get('scan-reused')).toBe('true');
  });

  it('compat discover is bound by the same limits', async () => {
    const harness = (h = createHarness({ SCANNER_MAX_RUNNING_SCANS: '1', SCANNER_MAX_QUEUED_SCANS: '1' }));
    await post(harness, 'a');
    await post(harness, 'b');
    const res = await harness.app.request('/api/v1/opportunities/discover', asUser('c', jsonInit('POST', hog)));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).not.toBeNull();
  });
});
