// The one builder. Production (main.ts, the CLI's in-process mode), the tests (test/fixtures/fixture-engine.ts) and the
// benchmarks (bench/lib/engine.ts) all build an engine here, from the same settings — the process Config's own fields, by
// their own names, from the environment variable to the pool — so nothing reshapes a setting on the way:
// 1. `buildCore`: the pool and registry (benchmarks of the core itself stop here);
// 2. `assembleEngine`: the engine over that core and its ports (in memory unless given);
// 3. `buildEngine`: what a process runs — the configured market and catalogue loaded, distributed mode's ports when
//    SCANNER_REDIS_URL is set (Redis code is imported only then), the workers ready.
import type { Config } from './config.js';
import type { RegistryClock } from './core/scan-registry.js';
import { createScanService, type HarnessOptions, type ScanService } from './core/scan-service.js';
import { defaultPortfolio } from './market/default-portfolio.js';
import { loadMarket } from './market/load-market.js';
import type { MarketData } from '../workers/market-data.js';
import { createEngine, type Engine, type EngineOptions, type EnginePorts, type RemoteTraceReader } from './engine/engine.js';
import { loadCatalogueInfo, type StrategyInfo } from './engine/load-catalogue-info.js';

/** The settings an engine is built from: the process configuration's fields, as src/config.ts names them. */
export type EngineSettings = Pick<Config, 'threads' | 'graceMs' | 'workerHeapMb' | 'catalogueUrl' | 'resultTtlMs' | 'maxRetained' | 'maxRetainedBytes' | 'scans' | 'scheduling' | 'instanceId' | 'traceCap' | 'distributed'>;

/** What the engine works on: loaded from the configuration in production, fixtures in tests and benchmarks. */
export interface EngineParts {
  market: MarketData;
  /** The strategies the catalogue module exports (what requests are checked against). */
  catalogue: readonly StrategyInfo[];
  /** Holdings used when a request has none. */
  defaultPortfolio: Readonly<Record<string, number>>;
}

/** What the process hooks into the engine: observers and tracing. */
export type EngineHooks = Pick<EngineOptions, 'inspectorFor' | 'onStart' | 'onFinish' | 'onDrop' | 'onQuarantine' | 'onError'> & {
  /** Registers for every trace record the process takes (distributed mode mirrors them for the other instances). */
  observeTraces?: (observer: (scanId: string, record: unknown, last: boolean) => void) => void;
  /** The records the process's trace store keeps for a scan. */
  traceRecords?: (scanId: string) => readonly unknown[] | undefined;
  /** Distributed mode: receives the reader of traces recorded on any instance. */
  shareTraces?: (reader: RemoteTraceReader) => void;
  /** Warnings an operator must see (distributed mode: a fenced owner, a store that may lose scans). */
  warn?: (fields: Record<string, unknown>, message: string) => void;
  /** Awaited once the core exists, before its workers are awaited: loads saved and shared costs (src/scheduling/warm-start.ts). */
  prepare?: (core: ScanService) => Promise<void>;
  /** Distributed mode: false while this instance must take no scan from the shared queue (not ready yet). */
  isReady?: () => boolean;
};

/** The builder's low-level hook, for benchmarks and tests: never set in production. */
export interface LowLevelOptions {
  /** Scheduling switches under comparison (src/core/scan-service.ts). */
  harness?: HarnessOptions;
  /** Timers of the registry and its actors (a simulated clock). */
  clock?: RegistryClock;
  /** The ports to run over instead of the memory ones (buildEngine passes distributed mode's). */
  ports?: (core: ScanService) => EnginePorts;
}

/** Step 1: the pool and registry under the engine. */
export function buildCore(settings: Omit<EngineSettings, 'scans' | 'traceCap' | 'distributed'>, market: MarketData, hooks: EngineHooks = {}, lowLevel: LowLevelOptions = {}): ScanService {
  const { inspectorFor, onFinish, onDrop, onQuarantine, onError } = hooks;
  const { threads, graceMs, workerHeapMb, catalogueUrl, resultTtlMs, maxRetained, maxRetainedBytes, scheduling, instanceId } = settings;
  const { harness, clock } = lowLevel;
  return createScanService({ threads, graceMs, workerHeapMb, catalogueUrl, resultTtlMs, maxRetained, maxRetainedBytes, scheduling, instanceId, market, harness, clock, inspectorFor, onFinish, onDrop, onQuarantine, onError });
}

/** Step 2: the engine over a new core and its ports; synchronous (tests build it inside a describe). */
export function assembleEngine(settings: EngineSettings, parts: EngineParts, hooks: EngineHooks = {}, lowLevel: LowLevelOptions = {}): { engine: Engine; core: ScanService } {
  const core = buildCore(settings, parts.market, hooks, lowLevel);
  const { onStart, onError } = hooks;
  const options: EngineOptions = { ...parts, instanceId: settings.instanceId, scans: settings.scans, onStart, onError };
  const engine = createEngine(options, core, lowLevel.ports?.(core));
  return { engine, core };
}

/** Step 3: the engine a process runs, its workers ready. `parts` replaces what the configuration would load (tests). */
export async function buildEngine(config: EngineSettings & Pick<Config, 'market'>, hooks: EngineHooks = {}, parts?: EngineParts): Promise<Engine> {
  const loaded = parts ?? (await loadParts(config));
  const ports = config.distributed ? await distributedPorts(config, config.distributed, hooks) : undefined;
  const { engine, core } = assembleEngine(config, loaded, hooks, { ports });
  await hooks.prepare?.(core);
  // Workers first: the first scan's budget should not pay for module loading (an instance pulls no shared work before).
  await engine.ready();
  return engine;
}

async function loadParts(config: Pick<Config, 'market' | 'catalogueUrl'>): Promise<EngineParts> {
  const market = await loadMarket({ dataDir: config.market.dataDir, profile: config.market.profile, seed: config.market.seed });
  const catalogue = await loadCatalogueInfo(config.catalogueUrl);
  return { market, catalogue, defaultPortfolio: defaultPortfolio(market) };
}

/** Distributed mode's ports; the only place Redis code is loaded, and only when it is configured. */
async function distributedPorts(config: EngineSettings, distributed: NonNullable<Config['distributed']>, hooks: EngineHooks): Promise<(core: ScanService) => EnginePorts> {
  const { openClusterPorts } = await import('./cluster/cluster-ports.js');
  const settings = { ...distributed, traceCap: config.traceCap, instanceId: config.instanceId, resultTtlMs: config.resultTtlMs, scans: config.scans };
  const { observeTraces, traceRecords, shareTraces, warn, onError, isReady } = hooks;
  return (core) => openClusterPorts(settings, core, { observeTraces, traceRecords, shareTraces, warn, onError, isReady });
}
