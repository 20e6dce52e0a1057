// The first guess for strategies known nowhere: each strategy's reference cost, carried to the market's size along its
// own growth, times the machine's rate (a cold factor before anything is known).
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/market/profiles.js';
import { COLD_RATE, learnedRate, REFERENCE_COSTS, referenceGuess, referenceMs } from '../../../src/scheduling/cost-guess.js';
import { StrategyCostModel } from '../../../src/scheduling/cost-model.js';
import { planScan } from '../../../src/scheduling/scan-plan.js';
import { strategyIds } from '../../../workers/strategy-catalogue.js';
import type { MarketData } from '../../../workers/market-data.js';

const { default: def, heavy } = PROFILES;
/** A market of the profile's size; the guess reads only its symbol count and candles. */
const market = (symbols: number, candles: number): MarketData => ({
  source: 'synthetic',
  intervalMs: 300_000,
  symbols: Array.from({ length: symbols }, (_, i) => `S${i}`),
  series: [{ close: new Float64Array(candles) } as MarketData['series'][number]],
});

describe('reference costs', () => {
  it('has one for every strategy of the real catalogue', () => {
    expect(Object.keys(REFERENCE_COSTS).sort()).toEqual([...strategyIds].sort());
  });

  it('gives back the measured figures on the two reference markets, and follows each strategy\'s own growth between them', () => {
    expect(referenceMs('pairs_trading', def.symbols, def.candles)).toBeCloseTo(29, 6);
    expect(referenceMs('pairs_trading', heavy.symbols, heavy.candles)).toBeCloseTo(1728, 6);
    // Half the default market: the pairwise strategy shrinks faster than a per-symbol one.
    const half = (id: string) => (referenceMs(id, def.symbols / 2, def.candles) as number) / REFERENCE_COSTS[id]!.defaultMs;
    expect(half('pairs_trading')).toBeLessThan(half('spot_mean_reversion'));
    expect(referenceMs('no_such_strategy', 10, 10)).toBeUndefined();
  });
});

describe('referenceGuess', () => {
  it('before anything is known, guesses reference × the cold rate; a strategy without a reference gets no guess', () => {
    const model = new StrategyCostModel(def.symbols);
    const guess = referenceGuess(model, market(def.symbols, def.candles));
    expect(guess('funding_arbitrage', def.symbols)).toBeCloseTo(3 * COLD_RATE, 6);
    expect(guess('fixture_only', def.symbols)).toBeUndefined();
  });

  it('learns the machine\'s rate from the strategies it knows, and applies it to those it does not', () => {
    const model = new StrategyCostModel(def.symbols);
    model.observe('complex_strategy', def.symbols, { kind: 'finished', ms: 1400 }); // 2× its reference
    model.observe('pairs_trading', def.symbols, { kind: 'finished', ms: 58 }); // 2×
    model.observe('options_trade', def.symbols, { kind: 'censored', ms: 10 }); // a bound says nothing about the rate
    const candles = def.candles;
    expect(learnedRate(model, Object.keys(REFERENCE_COSTS), candles)).toBeCloseTo(2, 6);
    model.useGuess(referenceGuess(model, market(def.symbols, candles)));
    expect(model.expectedOrPriorMs('risk_management')).toBeCloseTo(342, 6);
  });

  it('makes a brand-new engine plan the cheap strategies first instead of catalogue order', () => {
    const model = new StrategyCostModel(def.symbols);
    model.useGuess(referenceGuess(model, market(def.symbols, def.candles)));
    const items = strategyIds.map((strategy) => ({ strategy, expectedMs: model.expectedOrPriorMs(strategy), quarantined: false }));
    const plan = planScan(items, 2, 250);
    // Catalogue order starts with risk_management and portfolio_optimization, two of the three slowest.
    expect(plan.order.slice(0, 2)).not.toContain('risk_management');
    expect(plan.order.slice(0, 2)).not.toContain('portfolio_optimization');
    expect(plan.fits.has('complex_strategy')).toBe(false);
    expect(plan.fits.size).toBeGreaterThanOrEqual(5);
  });
});
