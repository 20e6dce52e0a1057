// One structured log line per scan start and finish (state, duration, outcome counts), and a warn line when a scan takes
// longer than the alert threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, jsonInit, waitForFinal, type Harness } from '../http/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = createHarness({ SCANNER_ALERT_THRESHOLD_MS: '250', SCANNER_TOKENS: 'tok-log-1234:logger', SCANNER_QUARANTINE_AFTER: '1' });
  // Worker threads start cold (~100+ ms, more on a busy machine); a first scan would cross the 250 ms threshold by itself.
  await waitForFinal(h.service.registry, h.service.registry.create({ userId: 'warmup', strategies: ['fast'], budgetMs: 10_000, strategyTimeoutMs: 10_000, params: { symbols: [], portfolio: {} } }));
});
afterAll(() => h.close());

async function scan(strategies: string[]): Promise<string> {
  const res = await h.app.request('/v1/scans', jsonInit('POST', { strategies, force: true }, { Authorization: 'Bearer tok-log-1234' }));
  const { id } = (await res.json()) as { id: string };
  await waitForFinal(h.service.registry, id);
  return id;
}

const linesFor = (id: string) => h.logs.lines.filter((l) => l.scanId === id);

describe('scan logs', () => {
  it('logs start and finish with state, duration and per-strategy outcome counts', async () => {
    const id = await scan(['fast', 'throws']);
    const [start, finish, ...rest] = linesFor(id);
    expect(start).toMatchObject({ msg: 'scan started', level: 30, userId: 'logger', strategies: 2, budgetMs: 10_000 });
    expect(finish).toMatchObject({ msg: 'scan finished', level: 30, state: 'partial', outcomes: { total: 2, succeeded: 1, failed: 1 } });
    expect(typeof finish?.durationMs).toBe('number');
    expect(rest).toEqual([]);
  });

  it('adds a warn line when a scan exceeds the alert threshold', async () => {
    const id = await scan(['slow']);
    const warn = linesFor(id).find((l) => l.level === 40);
    expect(warn).toMatchObject({ msg: 'scan exceeded the alert threshold', alertThresholdMs: 250, state: 'complete' });
    expect(Number(warn?.durationMs)).toBeGreaterThan(250);
    expect((warn?.slowest as { id: string }[])[0]?.id).toBe('slow');
  });

  it('warns when a strategy is quarantined, and says when it is released', async () => {
    await waitForFinal(h.service.registry, h.service.registry.create({ userId: 'q', strategies: ['runaway'], budgetMs: 1_000, strategyTimeoutMs: 100, params: { symbols: [], portfolio: {} } }));
    expect(h.logs.lines.find((l) => l.strategy === 'runaway' && l.level === 40)).toMatchObject({ msg: expect.stringContaining('quarantined'), hardKills: 1 });
    await waitForFinal(h.service.registry, h.service.registry.create({ userId: 'q', strategies: ['runaway'], budgetMs: 1_000, strategyTimeoutMs: 100, params: { symbols: ['TAME'], portfolio: {} } }));
    expect(h.logs.lines.find((l) => l.strategy === 'runaway' && l.level === 30)).toMatchObject({ msg: expect.stringContaining('released') });
  });

  it('never logs bearer tokens', () => {
    expect(JSON.stringify(h.logs.lines)).not.toContain('tok-log-1234');
  });
});
