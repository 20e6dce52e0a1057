// The replaced service's routes keep working for existing pollers, with its payload shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createHarness, jsonInit, waitForFinal, warmUp, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = createHarness();
  await warmUp(h);
});
afterAll(() => h.close());

interface Discover {
  success: boolean;
  scan_id: string;
  status: string;
  message: string;
  poll_url: string;
}

async function discover(user: string, body: unknown): Promise<{ res: Response; body: Discover }> {
  const res = await h.app.request('/api/v1/opportunities/discover', asUser(user, jsonInit('POST', body)));
  return { res, body: (await res.json()) as Discover };
}

const status = async (user: string, id: string): Promise<{ res: Response; body: Record<string, unknown> }> => {
  const res = await h.app.request(`/api/v1/opportunities/status/${id}`, asUser(user));
  return { res, body: (await res.json()) as Record<string, unknown> };
};

describe('POST /api/v1/opportunities/discover', () => {
  it('answers 200 with success, scan_id, status initiated, message and poll_url; the scan is pollable at once', async () => {
    const { res, body } = await discover('legacy-1', { strategies: ['fast', 'slow'], force_refresh: false });
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ success: true, status: 'initiated', poll_url: `/api/v1/opportunities/status/${body.scan_id}` });
    expect(typeof body.message).toBe('string');
    const polled = await status('legacy-1', body.scan_id);
    expect(polled.res.status).toBe(200);
    expect(polled.body.status).toBe('scanning');
    await waitForFinal(h.service.registry, body.scan_id);
  });

  it('returns the running scan unless force_refresh (or force) is true', async () => {
    const first = await discover('legacy-2', { strategies: ['slow'] });
    const again = await discover('legacy-2', { strategies: ['slow'] });
    expect(again.body.scan_id).toBe(first.body.scan_id);
    const refreshed = await discover('legacy-2', { strategies: ['slow'], force_refresh: true });
    expect(refreshed.body.scan_id).not.toBe(first.body.scan_id);
    await Promise.all([first, refreshed].map((d) => waitForFinal(h.service.registry, d.body.scan_id)));
  });

  it('validates like POST /v1/scans', async () => {
    const res = await h.app.request('/api/v1/opportunities/discover', asUser('legacy-3', jsonInit('POST', { budgetMs: 5 })));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/v1/opportunities/status/{scan_id}', () => {
  it("returns the replaced service's fields for a finished scan", async () => {
    const { body: started } = await discover('legacy-4', { strategies: ['fast', 'throws', 'fast_b'] });
    await waitForFinal(h.service.registry, started.scan_id);
    const { res, body } = await status('legacy-4', started.scan_id);
    expect(res.status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      ['execution_time_ms', 'last_updated', 'metadata', 'opportunities', 'scan_id', 'status', 'strategy_performance', 'success', 'total_opportunities', 'user_id'].sort(),
    );
    expect(body).toMatchObject({ success: true, scan_id: started.scan_id, user_id: 'legacy-4', status: 'partial', total_opportunities: 3 });
    expect(body.opportunities).toHaveLength(3);
    expect(typeof body.execution_time_ms).toBe('number');
    expect(Number.isNaN(Date.parse(body.last_updated as string))).toBe(false);
    const performance = body.strategy_performance as Record<string, Record<string, unknown>>;
    expect(Object.keys(performance).sort()).toEqual(['fast', 'fast_b', 'throws']);
    expect(performance.fast).toMatchObject({ status: 'succeeded', opportunities: 2 });
    expect(performance.throws).toMatchObject({ status: 'failed', opportunities: 0 });
    expect(typeof performance.fast?.duration_ms).toBe('number');
    expect(body.metadata).toMatchObject({ scan_state: 'partial', strategies_completed: 3, total_strategies: 3, remaining_strategies: 0 });
    const metadata = body.metadata as Record<string, unknown>;
    expect(typeof metadata.message).toBe('string');
    expect(typeof metadata.elapsed_seconds).toBe('number');
  });

  it('reports scanning with remaining strategies while running', async () => {
    const { body: started } = await discover('legacy-5', { strategies: ['spins', 'fast'], budgetMs: 20_000, strategyTimeoutMs: 20_000 });
    const { body } = await status('legacy-5', started.scan_id);
    expect(body.status).toBe('scanning');
    const metadata = body.metadata as Record<string, number | string>;
    expect(metadata.total_strategies).toBe(2);
    expect(metadata.remaining_strategies).toBeGreaterThanOrEqual(1);
    expect(Number(metadata.strategies_completed) + Number(metadata.remaining_strategies)).toBe(2);
    await h.app.request(`/v1/scans/${started.scan_id}`, asUser('legacy-5', { method: 'DELETE' }));
    expect((await status('legacy-5', started.scan_id)).body.status).toBe('cancelled');
  });

  it('answers unknown and foreign ids with 404 { success: false, status: "not_found" }', async () => {
    const { body: started } = await discover('legacy-6', { strategies: ['fast'] });
    for (const [user, id] of [['legacy-6', 'nope'], ['someone-else', started.scan_id]] as const) {
      const { res, body } = await status(user, id);
      expect(res.status).toBe(404);
      expect(body).toMatchObject({ success: false, status: 'not_found' });
    }
  });
});
