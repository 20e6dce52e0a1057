// Admission by prediction: a scan none of whose strategies could start before its deadline, given the work ahead of it
// and the learned costs, is refused with 429 OVERLOADED and a Retry-After that is the predicted wait for a worker.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { until } from '../support/until.js';
import { asUser, createHarness, jsonInit, waitForFinal, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const post = (harness: Harness, user: string, body: unknown): Promise<Response> =>
  Promise.resolve(harness.app.request('/v1/scans', asUser(user, jsonInit('POST', body))));

describe('admission by prediction', () => {
  it('refuses a tight scan stuck behind a long strategy with OVERLOADED and the predicted wait, then admits it once free', async () => {
    const harness = (h = createHarness({ SCANNER_THREADS: '1' }));
    const long = { strategies: ['t1500'], budgetMs: 10_000, strategyTimeoutMs: 10_000 };
    // One run teaches the engine what t1500 and t20 cost.
    const teacher = (await (await post(harness, 'teacher', { strategies: ['t1500', 't20'], budgetMs: 10_000 })).json()) as ScanSnapshot;
    const learn = await waitForFinal(harness.service.registry, teacher.id);

    const busy = (await (await post(harness, 'long', long)).json()) as ScanSnapshot;
    await until(() => harness.service.registry.snapshot(busy.id)?.state === 'running');
    const startedAt = Date.parse(harness.service.registry.snapshot(busy.id)?.startedAt as string);
    const refused = await post(harness, 'tight', { strategies: ['t20'], budgetMs: 500 });
    const askedAt = Date.now();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { code: string; predictedWaitMs: number };
    expect(problem.code).toBe('OVERLOADED');
    // The prediction is the long strategy's learned cost minus what it has already run.
    const learnedMs = learn.strategies.find((s) => s.id === 't1500')?.durationMs as number;
    expect(problem.predictedWaitMs).toBeGreaterThan(learnedMs - (askedAt - startedAt) - 150);
    expect(problem.predictedWaitMs).toBeLessThanOrEqual(learnedMs - (askedAt - startedAt) + 150);
    expect(refused.headers.get('retry-after')).toBe(String(Math.ceil(problem.predictedWaitMs / 1000)));

    // A loose scan is still admitted: it can wait for the thread.
    expect((await post(harness, 'patient', { strategies: ['t20'], budgetMs: 5_000 })).status).toBe(202);
    await waitForFinal(harness.service.registry, busy.id);
    expect((await post(harness, 'tight', { strategies: ['t20'], budgetMs: 500 })).status).toBe(202);
  });

  it('admits a tight scan behind a strategy never measured (its cost is the prior, a typical strategy)', async () => {
    const harness = (h = createHarness({ SCANNER_THREADS: '1' }));
    const busy = (await (await post(harness, 'long', { strategies: ['t1500'], budgetMs: 10_000 })).json()) as ScanSnapshot;
    await until(() => harness.service.registry.snapshot(busy.id)?.state === 'running');
    expect((await post(harness, 'tight', { strategies: ['t20'], budgetMs: 500 })).status).toBe(202);
  });
});
