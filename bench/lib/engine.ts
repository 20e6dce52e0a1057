// The engine's core over the fixture strategies, for suites that measure the engine itself rather than real strategies.
// The fixtures and their requests come from test/fixtures/fixture-engine.ts, which the tests build on too.
import type { ScanRequest } from '../../src/core/scan-registry.js';
import { createScanService, type ScanService, type ScanServiceOptions } from '../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { fixtureCatalogueUrl, fixtureScanRequest } from '../../test/fixtures/fixture-engine.js';
import { emptyMarket } from '../../workers/market-data.js';

export { fixtureCatalogueUrl };

/** A fixture scan as the benchmarks run it: user `bench`, 30 s budget and timeout unless overridden. */
export function fixtureScan(strategies: string[], overrides: Partial<ScanRequest> = {}): ScanRequest {
  return fixtureScanRequest(strategies, { userId: 'bench', budgetMs: 30_000, strategyTimeoutMs: 30_000, ...overrides });
}

export interface ObservedService extends ScanService {
  /** Resolves with the scan's final snapshot and the `performance.now()` at which the main thread saw it final. */
  finished(id: string): Promise<{ snapshot: ScanSnapshot; at: number }>;
}

/**
 * A scan service whose final states are observed through `onFinish`, the moment the registry sees them, so that time-to-final
 * is measured where the HTTP layer would read it.
 */
export function createObservedService(options: Partial<ScanServiceOptions> = {}): ObservedService {
  const early = new Map<string, { snapshot: ScanSnapshot; at: number }>();
  const waiting = new Map<string, (done: { snapshot: ScanSnapshot; at: number }) => void>();
  const service = createScanService({
    market: emptyMarket(),
    catalogueUrl: fixtureCatalogueUrl,
    graceMs: 50,
    ...options,
    onFinish(snapshot) {
      const done = { snapshot, at: performance.now() };
      const resolve = waiting.get(snapshot.id);
      if (resolve) {
        waiting.delete(snapshot.id);
        resolve(done);
      } else early.set(snapshot.id, done);
      options.onFinish?.(snapshot);
    },
    onError(err, context) {
      process.stderr.write(`engine error ${context.scanId ?? ''}: ${String(err)}\n`);
    },
  });
  return {
    ...service,
    finished(id) {
      const done = early.get(id);
      if (done) {
        early.delete(id);
        return Promise.resolve(done);
      }
      return new Promise((resolve) => waiting.set(id, resolve));
    },
  };
}
