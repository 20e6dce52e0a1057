// The engine's core over the fixture strategies (or real ones), for suites that measure the engine itself. Built by the
// one builder (src/engine/build-engine.ts) from the same settings as production — the defaults of src/config.ts, with a
// suite's overrides by the same names — and the benchmark-only scheduling switches (policy, crossScan, chunking) passed
// through the builder's low-level hook, never through production options.
import { loadConfig, type Config } from '../../src/config.js';
import type { ScanRequest } from '../../src/core/scan-registry.js';
import type { HarnessOptions, ScanService, SchedulingOptions } from '../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { buildCore } from '../../src/engine/build-engine.js';
import { fixtureCatalogueUrl, fixtureScanRequest } from '../../test/fixtures/fixture-engine.js';
import { emptyMarket, type MarketData } from '../../workers/market-data.js';

export { fixtureCatalogueUrl };

/** A suite's scheduling: the production settings and the switches it compares the engine's own choices against. */
export type BenchScheduling = SchedulingOptions & HarnessOptions;

/** What a suite sets, by the configuration's names; everything else is the production default. */
export interface BenchServiceOptions extends Partial<Pick<Config, 'threads' | 'graceMs' | 'workerHeapMb' | 'catalogueUrl' | 'resultTtlMs' | 'maxRetained'>> {
  market?: MarketData;
  scheduling?: BenchScheduling;
  onFinish?: (snapshot: ScanSnapshot) => void;
}

/** A fixture scan as the benchmarks run it: user `bench`, 30 s budget and timeout unless overridden. */
export function fixtureScan(strategies: string[], overrides: Partial<ScanRequest> = {}): ScanRequest {
  return fixtureScanRequest(strategies, { userId: 'bench', budgetMs: 30_000, strategyTimeoutMs: 30_000, ...overrides });
}

export interface ObservedService extends ScanService {
  /** Resolves with the scan's final snapshot and the `performance.now()` at which the main thread saw it final. */
  finished(id: string): Promise<{ snapshot: ScanSnapshot; at: number }>;
}

/** The benchmarks' defaults: the production configuration over the fixture catalogue, with a 50 ms stop grace. */
const benchDefaults = (): Config => loadConfig({ SCANNER_CATALOGUE_URL: fixtureCatalogueUrl, SCANNER_GRACE_MS: '50' });

/**
 * A scan service whose final states are observed through `onFinish`, the moment the registry sees them, so that time-to-final
 * is measured where the HTTP layer would read it.
 */
export function createObservedService(options: BenchServiceOptions = {}): ObservedService {
  const { market = emptyMarket(), scheduling = {}, onFinish, ...overrides } = options;
  const { policy, crossScan, chunking, ...production } = scheduling;
  const defaults = benchDefaults();
  const set = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const settings = { ...defaults, ...set, scheduling: { ...defaults.scheduling, ...production } };
  const early = new Map<string, { snapshot: ScanSnapshot; at: number }>();
  const waiting = new Map<string, (done: { snapshot: ScanSnapshot; at: number }) => void>();
  const hooks = {
    onFinish(snapshot: ScanSnapshot) {
      const done = { snapshot, at: performance.now() };
      const resolve = waiting.get(snapshot.id);
      if (resolve) {
        waiting.delete(snapshot.id);
        resolve(done);
      } else early.set(snapshot.id, done);
      onFinish?.(snapshot);
    },
    onError(err: unknown, context: { scanId?: string }) {
      process.stderr.write(`engine error ${context.scanId ?? ''}: ${String(err)}\n`);
    },
  };
  const service = buildCore(settings, market, hooks, { harness: { policy, crossScan, chunking } });
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
