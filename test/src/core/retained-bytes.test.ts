// Retention bounded by what finished scans weigh (issue 18, §5): besides their count, the finished scans a registry keeps
// stay within `maxRetainedBytes` of estimated heap (src/core/retained-weight.ts), the oldest dropped first; the newest
// is always kept, so a scan heavier than the whole budget is still readable once it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_RETAINED_BYTES, estimateRetainedBytes, HEAP_BYTES_PER_JSON_BYTE } from '../../../src/core/retained-weight.js';
import type { StrategyPool } from '../../../src/core/strategy-pool.js';
import { createFixturePool, createFixtureRegistry, scanRequest, waitForFinal } from '../../support/engine.js';

describe('retention bounded by estimated weight', () => {
  let pool: StrategyPool;
  beforeAll(() => {
    pool = createFixturePool({ threads: 2 });
  });
  afterAll(() => pool.close());

  it('estimates a final snapshot at a base plus a few bytes per byte of its JSON', async () => {
    const registry = createFixtureRegistry(pool);
    const final = await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
    expect(estimateRetainedBytes(final)).toBe(BASE_RETAINED_BYTES + HEAP_BYTES_PER_JSON_BYTE * JSON.stringify(final).length);
    expect(registry.retainedBytes).toBe(estimateRetainedBytes(final));
    registry.clear();
    expect(registry.retainedBytes).toBe(0);
  });

  it('drops the oldest finished scans once their weight passes maxRetainedBytes', async () => {
    const probe = createFixtureRegistry(pool);
    const weight = estimateRetainedBytes(await waitForFinal(probe, probe.create(scanRequest(['fast']))));
    probe.clear();
    // Room for two and a half scans of this weight (same strategies, same ids' length: same weight within a few bytes).
    const registry = createFixtureRegistry(pool, { maxRetainedBytes: Math.floor(weight * 2.5) });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(registry.create(scanRequest(['fast'])));
      await waitForFinal(registry, ids[i] as string);
    }
    expect(ids.map((id) => registry.has(id))).toEqual([false, false, true, true]);
    expect(registry.retainedCount).toBe(2);
    expect(registry.retainedBytes).toBeLessThanOrEqual(Math.floor(weight * 2.5));
    registry.clear();
  });

  it('keeps the newest finished scan even when it alone outweighs the budget', async () => {
    const registry = createFixtureRegistry(pool, { maxRetainedBytes: 1 });
    const first = registry.create(scanRequest(['fast']));
    await waitForFinal(registry, first);
    const second = registry.create(scanRequest(['fast']));
    await waitForFinal(registry, second);
    expect([registry.has(first), registry.has(second)]).toEqual([false, true]);
    registry.clear();
  });
});
