// The service's one entry to market data: a CSV directory when `dataDir` is set, otherwise the synthetic market.
import type { MarketData } from '../../workers/market-data.js';
import { loadCsvMarket } from './csv-market.js';
import type { MarketProfile } from './profiles.js';
import { generateSyntheticMarket } from './synthetic-market.js';

export interface LoadMarketOptions {
  /** Directory of `<SYMBOL>.csv` files; when set, profile and seed are ignored. */
  dataDir?: string;
  /** Synthetic market size (default 'default'). */
  profile?: MarketProfile;
  /** Synthetic market seed (default 1). */
  seed?: number;
}

export const DEFAULT_MARKET_SEED = 1;

/** Loads once per process; the result's typed arrays are SharedArrayBuffer-backed, ready to hand to workers. */
export async function loadMarket(options: LoadMarketOptions = {}): Promise<MarketData> {
  if (options.dataDir !== undefined) return loadCsvMarket(options.dataDir);
  return generateSyntheticMarket(options.profile ?? 'default', options.seed ?? DEFAULT_MARKET_SEED).market;
}
