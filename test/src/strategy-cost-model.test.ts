// Longest-first queueing learned from finished scans.
import { describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/scan-snapshot.js';
import { StrategyCostModel } from '../../src/strategy-cost-model.js';
import { createScanService } from '../../src/scan-service.js';
import { emptyMarket } from '../../workers/market-data.js';
import { fixtureCatalogueUrl, scanRequest, waitForFinal } from '../support/engine.js';

function finished(runs: Array<[string, ScanSnapshot['strategies'][number]['status'], number | null]>): ScanSnapshot {
  return { strategies: runs.map(([id, status, durationMs]) => ({ id, status, durationMs })) } as ScanSnapshot;
}

describe('StrategyCostModel', () => {
  it('orders by learned run time, longest first, with never-seen strategies leading', () => {
    const model = new StrategyCostModel();
    model.observe(finished([['a', 'succeeded', 10], ['b', 'succeeded', 500], ['c', 'succeeded', 50]]));
    expect(model.longestFirst(['a', 'b', 'c', 'new'])).toEqual(['new', 'b', 'c', 'a']);
  });

  it('learns only from runs that completed, as a moving average', () => {
    const model = new StrategyCostModel();
    model.observe(finished([['a', 'succeeded', 100], ['b', 'timed_out', 9_000], ['c', 'failed', 5]]));
    model.observe(finished([['a', 'succeeded', 200]]));
    expect(model.expectedMs('a')).toBeCloseTo(130);
    expect(model.expectedMs('b')).toBeUndefined();
    expect(model.expectedMs('c')).toBeUndefined();
  });

  it('keeps the given order among equals', () => {
    expect(new StrategyCostModel().longestFirst(['x', 'y', 'z'])).toEqual(['x', 'y', 'z']);
  });
});

describe('scan service dispatch order', () => {
  it('queues a strategy it has seen run long before a short one', async () => {
    const service = createScanService({ market: emptyMarket(), threads: 1, catalogueUrl: fixtureCatalogueUrl });
    try {
      const { registry } = service;
      await waitForFinal(registry, registry.create(scanRequest(['fast', 'slow'])));
      const second = await waitForFinal(registry, registry.create(scanRequest(['fast', 'slow'])));
      expect(second.strategies.map((s) => s.id)).toEqual(['fast', 'slow']); // listed in request order
      const [fast, slow] = second.strategies.map((s) => Date.parse(s.startedAt as string));
      expect(slow).toBeLessThan(fast as number); // but slow ran first on the single thread
    } finally {
      await service.close();
    }
  });
});
