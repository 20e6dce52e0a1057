// The first guess for a strategy nothing is known about (a new server, nothing saved, no cluster): its reference cost,
// carried over to this market by its work, times one rate learned for this machine.
// - Reference: each strategy's single-thread cost on the default and the heavy synthetic markets, as measured by
//   bench/strategy-timing.ts (src/scheduling/reference-costs.ts). Two markets give each strategy its own growth with
//   the market's size (cells = symbols × candles): cost ∝ cells^g, so a pairwise strategy grows faster than a
//   per-symbol one, and a guess for any market (or a scan over fewer symbols) follows its own strategy's curve.
// - Rate: the median, over the strategies this engine does know on the full market, of learned ÷ reference, so a
//   slower machine or a busier pool scales every guess alike; before anything is known, a cold factor stands in for it
//   (a worker's first, JIT-cold runs are several times slower than the reference's warm runs).
// Only the order of the guesses has to be right for the first scan to run the cheap strategies first: catalogue order
// starts with two of the three slowest. A strategy without a reference (fixtures, a new strategy) has no guess.
import type { MarketData } from '../../workers/market-data.js';
import type { CostGuess, StrategyCostModel } from './cost-model.js';
import { PROFILES } from '../market/profiles.js';
import { REFERENCE_TIMINGS } from './reference-costs.js';

interface Reference {
  defaultMs: number;
  heavyMs: number;
}

/** Each strategy's single-thread CPU ms on the default and heavy markets (src/scheduling/reference-costs.ts). */
export const REFERENCE_COSTS: Readonly<Record<string, Reference>> = Object.fromEntries(
  Object.entries(REFERENCE_TIMINGS).map(([strategy, t]) => [strategy, { defaultMs: t.default.cpuMs, heavyMs: t.heavy.cpuMs }]),
);

/** Stands in for the machine's rate before any cost is known: first runs are JIT-cold (3–10× slower, issue 19). */
export const COLD_RATE = 3;

const cells = (symbols: number, candles: number): number => Math.max(1, symbols) * Math.max(1, candles);
const DEFAULT_CELLS = cells(PROFILES.default.symbols, PROFILES.default.candles);
const HEAVY_CELLS = cells(PROFILES.heavy.symbols, PROFILES.heavy.candles);

export const hasReference = (strategy: string): boolean => Object.hasOwn(REFERENCE_COSTS, strategy);

/** The reference cost of `strategy` over `symbols` × `candles`, or undefined without a reference. */
export function referenceMs(strategy: string, symbols: number, candles: number): number | undefined {
  const ref = REFERENCE_COSTS[strategy];
  if (!ref) return undefined;
  const growth = Math.log(ref.heavyMs / ref.defaultMs) / Math.log(HEAVY_CELLS / DEFAULT_CELLS);
  return ref.defaultMs * (cells(symbols, candles) / DEFAULT_CELLS) ** growth;
}

/** The machine's rate: learned ÷ reference over the strategies `model` knows on the full market (COLD_RATE before). */
export function learnedRate(model: StrategyCostModel, strategies: readonly string[], candles: number): number {
  const ratios: number[] = [];
  for (const strategy of strategies) {
    const known = model.estimate(strategy);
    const reference = referenceMs(strategy, model.universe, candles);
    if (known && !known.censored && reference) ratios.push(known.ms / reference);
  }
  if (ratios.length === 0) return COLD_RATE;
  ratios.sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  return ratios.length % 2 ? (ratios[mid] as number) : ((ratios[mid - 1] as number) + (ratios[mid] as number)) / 2;
}

/** The guess `model` uses for strategies it knows nothing of, on `market`. */
export function referenceGuess(model: StrategyCostModel, market: MarketData): CostGuess {
  const candles = market.series[0]?.close.length ?? 0;
  const strategies = Object.keys(REFERENCE_COSTS);
  return (strategy, symbols) => {
    const reference = referenceMs(strategy, symbols, candles);
    return reference === undefined ? undefined : reference * learnedRate(model, strategies, candles);
  };
}
