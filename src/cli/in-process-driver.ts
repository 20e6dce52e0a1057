// Runs the scan in this process: the same engine the server uses (market, pool, registry), configured by the same
// SCANNER_* variables.
import type { Config } from '../config.js';
import { TraceStore } from '../debug/trace-store.js';
import { loadCatalogueInfo } from '../http/load-catalogue-info.js';
import { defaultPortfolio } from '../market/default-portfolio.js';
import { loadMarket } from '../market/load-market.js';
import { createScanService } from '../scan-service.js';
import type { ScanSnapshot } from '../scan-snapshot.js';
import { ScanRequestError, type ScanDriver, type ScanRequestOptions } from './scan-driver.js';

function checkKnown(kind: string, requested: string[] | undefined, valid: readonly string[]): void {
  if (!requested) return;
  const known = new Set(valid);
  const unknown = requested.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ScanRequestError(`unknown ${kind}: ${unknown.join(', ')}\nvalid ${kind}: ${valid.join(', ')}`);
  }
}

export async function createInProcessDriver(config: Config, onError: (err: unknown) => void): Promise<ScanDriver> {
  const market = await loadMarket({ dataDir: config.market.dataDir, profile: config.market.profile, seed: config.market.seed });
  const catalogue = await loadCatalogueInfo(config.catalogueUrl);
  const traces = new TraceStore({ cap: config.traceCap });
  const service = createScanService({
    market,
    threads: config.threads,
    graceMs: config.graceMs,
    maxWorkerHeapMb: config.workerHeapMb,
    catalogueUrl: config.catalogueUrl,
    inspectorFor: traces.inspectorFor,
    onDrop: traces.drop,
    onError: (err) => onError(err),
  });
  const { registry } = service;
  const source = config.market.dataDir ? `CSV data in ${config.market.dataDir}` : `the synthetic ${config.market.profile} market`;
  return {
    description: `in-process on ${source} (${market.symbols.length} symbols, ${service.pool.threads} worker threads)`,
    async start(request: ScanRequestOptions) {
      const strategyIds = catalogue.map((s) => s.id);
      checkKnown('strategies', request.strategies, strategyIds);
      checkKnown('symbols', request.symbols, market.symbols);
      const id = registry.create({
        userId: 'cli',
        strategies: request.strategies ?? strategyIds,
        budgetMs: request.budgetMs ?? config.scans.defaultBudgetMs,
        strategyTimeoutMs: request.strategyTimeoutMs ?? config.scans.defaultStrategyTimeoutMs,
        params: { symbols: request.symbols ? [...new Set(request.symbols)] : [...market.symbols], portfolio: defaultPortfolio(market) },
      });
      return registry.snapshot(id) as ScanSnapshot;
    },
    follow(id, onUpdate) {
      return new Promise((resolve) => {
        const current = registry.snapshot(id);
        if (current?.done) return resolve(current);
        registry.subscribe(id, (snapshot) => {
          onUpdate(snapshot);
          if (snapshot.done) resolve(snapshot);
        });
      });
    },
    async cancel(id) {
      registry.cancel(id);
    },
    trace: async (id) => traces.records(id) ?? [],
    close: () => service.close(),
  };
}
