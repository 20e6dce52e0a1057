// Builds the engine a process runs: the configured market and strategy catalogue, loaded once, under the configured
// settings — in-process (the embedded default), or distributed over Redis when SCANNER_REDIS_URL is set. main.ts and the
// CLI's in-process mode call this; tests and benchmarks build theirs over fixtures instead.
import type { Config } from '../config.js';
import { createDistributedEngine } from '../cluster/distributed-engine.js';
import { createScanService, type ScanService } from '../core/scan-service.js';
import { defaultPortfolio } from '../market/default-portfolio.js';
import { loadMarket } from '../market/load-market.js';
import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { engineSettings } from './engine-settings.js';
import { loadCatalogueInfo } from './load-catalogue-info.js';

/** What the process hooks into the engine: observers and tracing. */
export type EngineHooks = Pick<EngineOptions, 'inspectorFor' | 'onStart' | 'onFinish' | 'onDrop' | 'onQuarantine' | 'onError'> & {
  /** Registers for every trace record the process takes (distributed mode mirrors them for the other instances). */
  observeTraces?: (observer: (scanId: string, record: unknown, last: boolean) => void) => void;
  /** The records the process's trace store keeps for a scan. */
  traceRecords?: (scanId: string) => readonly unknown[] | undefined;
  /** Awaited once the core exists, before anything runs on it: loads saved and shared costs (src/scheduling/warm-start.ts). */
  prepare?: (core: ScanService) => Promise<void>;
  /** Distributed mode: false while this instance must take no scan from the shared queue (not ready yet). */
  isReady?: () => boolean;
};

export async function buildEngine(config: Config, hooks: EngineHooks = {}): Promise<Engine> {
  const market = await loadMarket({ dataDir: config.market.dataDir, profile: config.market.profile, seed: config.market.seed });
  const catalogue = await loadCatalogueInfo(config.catalogueUrl);
  const { observeTraces, traceRecords, prepare, isReady, ...engineHooks } = hooks;
  const options: EngineOptions = { ...engineSettings(config), ...engineHooks, market, catalogue, defaultPortfolio: defaultPortfolio(market) };
  const core = createScanService(options);
  await prepare?.(core);
  // Workers first: the first scan's budget should not pay for module loading (and an instance takes no shared work before).
  await core.pool.ready();
  return config.distributed ? createDistributedEngine(options, { ...config.distributed, traceCap: config.traceCap, observeTraces, traceRecords, isReady }, core) : createEngine(options, core);
}
