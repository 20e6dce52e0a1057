// The first guess for a strategy nothing is known about (a new server, nothing saved, no cluster): its reference cost,
// carried over to this market by its work, times one rate learned for this machine.
// - Reference: each strategy's single-thread cost on the default and the heavy synthetic markets, as measured for
//   docs/strategies.md ("Cost: single-thread time per strategy"). Two markets give each strategy its own growth with
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

interface Reference {
  defaultMs: number;
  heavyMs: number;
}

/** docs/strategies.md, "Cost: single-thread time per strategy", CPU ms (median of 5 runs after one warm-up, seed 1). */
export const REFERENCE_COSTS: Readonly<Record<string, Reference>> = {
  risk_management: { defaultMs: 171, heavyMs: 606 },
  portfolio_optimization: { defaultMs: 220, heavyMs: 1606 },
  spot_momentum_strategy: { defaultMs: 22, heavyMs: 255 },
  spot_mean_reversion: { defaultMs: 7, heavyMs: 28 },
  spot_breakout_strategy: { defaultMs: 5, heavyMs: 87 },
  scalping_strategy: { defaultMs: 35, heavyMs: 392 },
  pairs_trading: { defaultMs: 29, heavyMs: 1728 },
  statistical_arbitrage: { defaultMs: 9, heavyMs: 71 },
  market_making: { defaultMs: 38, heavyMs: 499 },
  futures_trade: { defaultMs: 3, heavyMs: 27 },
  options_trade: { defaultMs: 23, heavyMs: 177 },
  funding_arbitrage: { defaultMs: 3, heavyMs: 20 },
  hedge_position: { defaultMs: 2, heavyMs: 17 },
  complex_strategy: { defaultMs: 700, heavyMs: 6733 },
};

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
