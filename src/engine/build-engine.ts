// Builds the engine a process runs: the configured market and strategy catalogue, loaded once, under the configured
// settings. main.ts and the CLI's in-process mode call this; tests and benchmarks build theirs over fixtures instead.
import type { Config } from '../config.js';
import { defaultPortfolio } from '../market/default-portfolio.js';
import { loadMarket } from '../market/load-market.js';
import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { engineSettings } from './engine-settings.js';
import { loadCatalogueInfo } from './load-catalogue-info.js';

/** What the process hooks into the engine: observers and tracing. */
export type EngineHooks = Pick<EngineOptions, 'inspectorFor' | 'onStart' | 'onFinish' | 'onDrop' | 'onQuarantine' | 'onError'>;

export async function buildEngine(config: Config, hooks: EngineHooks = {}): Promise<Engine> {
  const market = await loadMarket({ dataDir: config.market.dataDir, profile: config.market.profile, seed: config.market.seed });
  const catalogue = await loadCatalogueInfo(config.catalogueUrl);
  const engine = createEngine({ ...engineSettings(config), ...hooks, market, catalogue, defaultPortfolio: defaultPortfolio(market) });
  // Listen only once the workers can run a strategy: the first scan's budget should not pay for module loading.
  await engine.ready();
  return engine;
}
