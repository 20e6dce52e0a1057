// The real market and request parameters the strategy suites run on: the synthetic market of a profile, default seed,
// every symbol, the demo portfolio — what a default scan gets.
import { defaultPortfolio } from '../../src/market/default-portfolio.js';
import { loadMarket } from '../../src/market/load-market.js';
import type { MarketProfile } from '../../src/market/profiles.js';
import type { MarketData } from '../../workers/market-data.js';
import type { StrategyCatalogueModule, StrategyDefinition, StrategyParams } from '../../workers/strategy-types.js';
import { realCatalogueUrl } from './catalogue.js';

export interface BenchMarket {
  profile: MarketProfile;
  market: MarketData;
  params: StrategyParams;
  loadMs: number;
}

const cache = new Map<MarketProfile, BenchMarket>();

/** Loads a profile once per run (the heavy one takes seconds to generate). */
export async function benchMarket(profile: MarketProfile): Promise<BenchMarket> {
  const cached = cache.get(profile);
  if (cached) return cached;
  const t0 = performance.now();
  const market = await loadMarket({ profile });
  const loaded = { profile, market, params: { symbols: [...market.symbols], portfolio: defaultPortfolio(market) }, loadMs: performance.now() - t0 };
  cache.set(profile, loaded);
  return loaded;
}

export async function realCatalogue(): Promise<readonly StrategyDefinition[]> {
  return ((await import(realCatalogueUrl())) as StrategyCatalogueModule).strategyCatalogue;
}

/** Never asks to stop: single-thread figures are of complete runs. */
export const neverStop = (): boolean => false;

/** One pass of every strategy on the tiny market: JIT-compiles the shared indicators before anything is timed. */
export async function warmUpStrategies(catalogue: readonly StrategyDefinition[]): Promise<void> {
  const warm = await benchMarket('tiny');
  for (const s of catalogue) s.run(warm.market, warm.params, neverStop);
}
