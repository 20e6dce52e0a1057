// Retention bounded by what finished scans weigh (issue 18, §5): besides their count, the finished scans a registry keeps
// stay within `maxRetainedBytes` of estimated heap (src/core/retained-weight.ts), the oldest dropped first; the newest
// is always kept, so a scan heavier than the whole budget is still readable once it ends.
import { describe, expect, it } from 'vitest';
import { BASE_RETAINED_BYTES, estimateRetainedBytes, HEAP_BYTES_PER_JSON_BYTE } from '../../../src/core/retained-weight.js';
import type { ScanRequest } from '../../../src/core/scan-registry.js';
import { coresClosedAfterEach, scanRequest, waitForFinal } from '../../support/engine.js';

/** The least SCANNER_MAX_RETAINED_BYTES the configuration accepts (src/config.ts). */
const MIN_BUDGET = 1_048_576;

/**
 * A `fast` scan whose two findings each name a symbol of `chars` characters: about 6 × `chars` bytes by its estimate. A
 * fixture scan weighs some 17 KB, and a budget of at least 1 MiB would need dozens of them before it dropped any.
 */
const heavyScan = (chars: number): ScanRequest => scanRequest(['fast'], { params: { symbols: ['A'.repeat(chars), 'B'.repeat(chars)], portfolio: {} } });

const cores = coresClosedAfterEach();
/** A core whose registry keeps at most `maxRetainedBytes` of finished scans (the production default when not given). */
const core = (maxRetainedBytes?: number) => cores(maxRetainedBytes === undefined ? {} : { SCANNER_MAX_RETAINED_BYTES: String(maxRetainedBytes) });

describe('retention bounded by estimated weight', () => {
  it('estimates a final snapshot at a base plus a few bytes per byte of its JSON', async () => {
    const { registry } = core();
    const final = await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
    expect(estimateRetainedBytes(final)).toBe(BASE_RETAINED_BYTES + HEAP_BYTES_PER_JSON_BYTE * JSON.stringify(final).length);
    expect(registry.retainedBytes).toBe(estimateRetainedBytes(final));
    registry.clear();
    expect(registry.retainedBytes).toBe(0);
  });

  it('drops the oldest finished scans once their weight passes maxRetainedBytes', async () => {
    const probe = core().registry;
    const weight = estimateRetainedBytes(await waitForFinal(probe, probe.create(heavyScan(100_000))));
    // Room for two and a half scans of this weight (same strategies and symbols, same ids' length: same weight within a
    // few bytes), within what the configuration accepts.
    const budget = Math.floor(weight * 2.5);
    expect(budget).toBeGreaterThanOrEqual(MIN_BUDGET);
    const { registry } = core(budget);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(registry.create(heavyScan(100_000)));
      await waitForFinal(registry, ids[i] as string);
    }
    expect(ids.map((id) => registry.has(id))).toEqual([false, false, true, true]);
    expect(registry.retainedCount).toBe(2);
    expect(registry.retainedBytes).toBeLessThanOrEqual(budget);
  });

  it('keeps the newest finished scan even when it alone outweighs the budget', async () => {
    const { registry } = core(MIN_BUDGET);
    const first = registry.create(heavyScan(200_000));
    const firstFinal = await waitForFinal(registry, first);
    expect(estimateRetainedBytes(firstFinal)).toBeGreaterThan(MIN_BUDGET);
    const second = registry.create(heavyScan(200_000));
    await waitForFinal(registry, second);
    expect([registry.has(first), registry.has(second)]).toEqual([false, true]);
  });
});
