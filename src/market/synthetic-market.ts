// The embedded default market: deterministic from (profile, seed) — same inputs, byte-identical arrays. Prices come
// from a factor model with volatility regimes and planted structure (price-paths.ts), candles with bid–ask bounce and
// activity-driven volume (candles.ts), perp price and funding (derivatives.ts), and option quotes priced off an
// implied-volatility surface (option-chain.ts). `planted` says where each pattern was put.
import type { MarketData } from '../../workers/market-data.js';
import { Rng } from '../../workers/indicators/prng.js';
import { buildMarket, type SeriesInput } from './build-market.js';
import { buildCandles } from './candles.js';
import { buildPerp, type FundingKind } from './derivatives.js';
import { buildOptionChain } from './option-chain.js';
import { assignRoles, type PlantedStructure } from './planted.js';
import { simulatePaths } from './price-paths.js';
import { PROFILES, type MarketProfile, type ProfileSize } from './profiles.js';
import { sharedFloat64 } from './shared-array.js';
import { syntheticSymbols } from './symbols.js';

/** 2024-01-01T00:00:00Z: a fixed start keeps the data independent of when it is generated. */
export const SYNTHETIC_START_MS = Date.UTC(2024, 0, 1);
const YEAR_MS = 365 * 86_400_000;

export interface SyntheticMarket {
  market: MarketData;
  planted: PlantedStructure;
}

export function generateSyntheticMarket(profile: MarketProfile | ProfileSize, seed: number): SyntheticMarket {
  const size = typeof profile === 'string' ? PROFILES[profile] : profile;
  const rng = new Rng(seed);
  const specs = syntheticSymbols(size.symbols);
  const planted = assignRoles(specs.map((s) => s.symbol), seed);
  const paths = simulatePaths(specs, size.candles, size.intervalMs, planted, rng);
  const time = sharedFloat64(size.candles);
  for (let t = 0; t < size.candles; t++) time[t] = SYNTHETIC_START_MS + t * size.intervalMs;
  const annualise = Math.sqrt(YEAR_MS / size.intervalMs);
  const dayCandles = Math.min(Math.round(86_400_000 / size.intervalMs), size.candles);
  const currentScale = average(paths.volScale, size.candles - dayCandles, size.candles);
  const longRunScale = average(paths.volScale, 0, size.candles);
  const inputs: SeriesInput[] = specs.map((spec, i) => {
    const logMid = paths.logMid[i] as Float64Array;
    const baseVol = paths.baseVol[i] as number;
    const candles = buildCandles(logMid, paths.volScale, {
      spread: planted.wideSpread.includes(spec.symbol) ? 0.0025 + 0.0015 * rng.uniform() : 0.0002 + 0.0006 * rng.uniform(),
      baseVol,
      baseVolume: (2e5 / spec.startPrice) * (0.5 + 1.5 * rng.uniform()),
      surgeCandles: planted.breakout.includes(spec.symbol) ? paths.breakoutCandles : 0,
    }, rng);
    const { perp, funding } = buildPerp(logMid, size.intervalMs, fundingKind(spec.symbol, planted), rng);
    const options = buildOptionChain({
      asOf: time[size.candles - 1] as number,
      spot: Math.exp(logMid[size.candles - 1] as number),
      currentVol: baseVol * currentScale * annualise,
      longRunVol: baseVol * longRunScale * annualise,
      vrp: planted.richVol.includes(spec.symbol) ? 0.5 : planted.cheapVol.includes(spec.symbol) ? -0.3 : 0.08 + 0.03 * rng.normal(),
    }, rng);
    return { symbol: spec.symbol, time, ...candles, perp, funding, options };
  });
  return { market: buildMarket('synthetic', size.intervalMs, inputs), planted };
}

function fundingKind(symbol: string, planted: PlantedStructure): FundingKind {
  if (planted.richFunding.includes(symbol)) return 'rich';
  if (planted.negativeFunding.includes(symbol)) return 'negative';
  return 'normal';
}

function average(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t++) sum += x[t] as number;
  return sum / (to - from);
}
