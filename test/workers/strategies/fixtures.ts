// Markets built for strategy tests: pure noise, and noise with one planted pattern. All deterministic from a seed.
import { buildMarket, type SeriesInput } from '../../../src/market/build-market.js';
import { buildCandles } from '../../../src/market/candles.js';
import { buildOptionChain } from '../../../src/market/option-chain.js';
import { sharedFloat64 } from '../../../src/market/shared-array.js';
import { SYNTHETIC_START_MS } from '../../../src/market/synthetic-market.js';
import { Rng } from '../../../workers/indicators/prng.js';
import type { MarketData } from '../../../workers/market-data.js';
import type { StrategyParams } from '../../../workers/strategy-types.js';

export const INTERVAL_MS = 300_000;
const YEAR_MS = 365 * 86_400_000;
/** Per-candle sd of a 60 %-a-year volatility on 5-minute candles. */
export const SIGMA = 0.6 * Math.sqrt(INTERVAL_MS / YEAR_MS);
export const never = (): boolean => false;

export interface PathSpec {
  symbol: string;
  logMid: Float64Array;
  /** Relative bid–ask spread (default 0: no bounce). */
  spread?: number;
  /** Funding per 8 h at each candle (default: independent N(0, 0.005 %) noise). */
  funding?: Float64Array;
  /** ln(perp/spot) at each candle (default: independent N(0, 5 bp) noise). */
  basis?: Float64Array;
  /** Volatility risk premium of the option chain, whose ATM vol is otherwise the path's true vol (default 0). */
  vrp?: number;
  /** The last `surgeCandles` candles trade five times the usual volume. */
  surgeCandles?: number;
}

export function randomWalk(rng: Rng, n: number, sigma = SIGMA, start = Math.log(100)): Float64Array {
  const out = new Float64Array(n);
  out[0] = start;
  for (let t = 1; t < n; t++) out[t] = (out[t - 1] as number) + sigma * rng.normal();
  return out;
}

/** An Ornstein–Uhlenbeck path around `mean` with the given half-life (candles) and stationary sd. */
export function ouPath(rng: Rng, n: number, halfLife: number, eqSd: number, mean = Math.log(100)): Float64Array {
  const phi = Math.exp(-Math.LN2 / halfLife);
  const shock = eqSd * Math.sqrt(1 - phi * phi);
  const out = new Float64Array(n);
  let x = 0;
  for (let t = 0; t < n; t++) {
    x = phi * x + shock * rng.normal();
    out[t] = mean + x;
  }
  return out;
}

/** Adds a linear ramp reaching `shift` at the last candle, over the last `candles` candles. */
export function rampEnd(path: Float64Array, candles: number, shift: number): Float64Array {
  const n = path.length;
  for (let j = 0; j < candles; j++) path[n - candles + j] = (path[n - candles + j] as number) + (shift * (j + 1)) / candles;
  return path;
}

export function marketFromPaths(paths: readonly PathSpec[], seed: number): MarketData {
  const rng = new Rng(seed);
  const n = paths[0]?.logMid.length ?? 0;
  const time = sharedFloat64(n);
  for (let t = 0; t < n; t++) time[t] = SYNTHETIC_START_MS + t * INTERVAL_MS;
  const flat = new Float64Array(n).fill(1);
  const inputs: SeriesInput[] = paths.map((p) => {
    const sigma = realisedSigma(p.logMid);
    const candles = buildCandles(p.logMid, flat, { spread: p.spread ?? 0, baseVol: sigma, baseVolume: 1000, surgeCandles: p.surgeCandles ?? 0 }, rng);
    const basis = p.basis ?? Float64Array.from({ length: n }, () => 0.0005 * rng.normal());
    const annual = sigma * Math.sqrt(YEAR_MS / INTERVAL_MS);
    const spot = Math.exp(p.logMid[n - 1] as number);
    return {
      symbol: p.symbol,
      time,
      ...candles,
      perp: Float64Array.from(p.logMid, (m, t) => Math.exp(m + (basis[t] as number))),
      funding: p.funding ?? Float64Array.from({ length: n }, () => 0.00005 * rng.normal()),
      options: buildOptionChain({ asOf: time[n - 1] as number, spot, currentVol: annual, longRunVol: annual, vrp: p.vrp ?? 0 }, rng),
    };
  });
  return buildMarket('synthetic', INTERVAL_MS, inputs);
}

function realisedSigma(path: Float64Array): number {
  let sum = 0;
  for (let t = 1; t < path.length; t++) sum += ((path[t] as number) - (path[t - 1] as number)) ** 2;
  return Math.sqrt(sum / (path.length - 1));
}

export function symbolNames(count: number, prefix = 'N'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}-USD`);
}

/** Independent random walks with no spread, zero-mean funding and fairly priced options: nothing to find. */
export function noiseMarket(symbols: number, candles: number, seed: number): MarketData {
  const rng = new Rng(seed ^ 0x9e37);
  return marketFromPaths(symbolNames(symbols).map((symbol) => ({ symbol, logMid: randomWalk(rng, candles) })), seed);
}

/** Every symbol, held with equal value ($100k each). */
export function equalWeightParams(market: MarketData): StrategyParams {
  const portfolio: Record<string, number> = {};
  for (const s of market.series) portfolio[s.symbol] = 100_000 / (s.close[s.close.length - 1] as number);
  return { symbols: market.symbols.slice(), portfolio };
}
