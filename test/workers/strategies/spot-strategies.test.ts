// Single-symbol strategies find the pattern planted in one symbol among noise, trade it the right way, and size it
// by their documented rules.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../workers/indicators/prng.js';
import type { MarketData } from '../../../workers/market-data.js';
import { complexStrategy } from '../../../workers/strategies/complex-strategy.js';
import { scalpingStrategy } from '../../../workers/strategies/scalping-strategy.js';
import { spotBreakoutStrategy } from '../../../workers/strategies/spot-breakout-strategy.js';
import { spotMeanReversion } from '../../../workers/strategies/spot-mean-reversion.js';
import { spotMomentumStrategy } from '../../../workers/strategies/spot-momentum-strategy.js';
import { STRONG_CONFIDENCE } from '../../../workers/strategies/support/confidence.js';
import type { StrategyDefinition } from '../../../workers/strategy-types.js';
import { expectContractShape } from './contract-shape.js';
import { SIGMA, equalWeightParams, marketFromPaths, never, ouPath, rampEnd, randomWalk, symbolNames, type PathSpec } from './fixtures.js';

/** The planted symbol plus five pure random walks. */
function withNoise(planted: PathSpec, seed: number): MarketData {
  const rng = new Rng(seed);
  const n = planted.logMid.length;
  return marketFromPaths([planted, ...symbolNames(5).map((symbol) => ({ symbol, logMid: randomWalk(rng, n) }))], seed);
}

function findFor(strategy: StrategyDefinition, market: MarketData, symbol: string) {
  const found = strategy.run(market, equalWeightParams(market), never);
  for (const o of found) expectContractShape(o, strategy.id);
  return { planted: found.find((o) => o.symbols.includes(symbol)), others: found.filter((o) => !o.symbols.includes(symbol)) };
}

/** A random walk whose drift persists for about a day, ending in a clear up-trend. */
function trendingPath(rng: Rng, n: number): Float64Array {
  const phi = Math.exp(-Math.LN2 / 288);
  const out = new Float64Array(n);
  let drift = 0;
  out[0] = Math.log(100);
  for (let t = 1; t < n; t++) {
    drift = t > n - 300 ? 0.3 * SIGMA : drift * phi + 0.04 * SIGMA * rng.normal();
    out[t] = (out[t - 1] as number) + drift + SIGMA * rng.normal();
  }
  return out;
}

describe('spot_momentum_strategy', () => {
  it('goes long a symbol whose history shows persistent trends and that is trending up now', () => {
    const market = withNoise({ symbol: 'TREND-USD', logMid: trendingPath(new Rng(1), 6000) }, 1);
    const { planted, others } = findFor(spotMomentumStrategy, market, 'TREND-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(planted?.expectedReturnPct).toBeGreaterThan(0);
    expect(planted?.stop).toBeLessThan(planted?.entry as number);
    for (const o of others) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('spot_mean_reversion', () => {
  it('buys an Ornstein–Uhlenbeck price stretched 3.5 sd below its mean, targeting the mean', () => {
    const logMid = rampEnd(ouPath(new Rng(2), 3000, 30, 0.01), 5, -0.035);
    const market = withNoise({ symbol: 'MR-USD', logMid }, 2);
    const { planted } = findFor(spotMeanReversion, market, 'MR-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(planted?.target).toBeGreaterThan(planted?.entry as number);
    expect((planted?.target as number) / 100).toBeCloseTo(1, 1);
    const halfLife = Number(/half-life (\d+)/.exec(planted?.rationale ?? '')?.[1]);
    expect(halfLife).toBeGreaterThan(15);
    expect(halfLife).toBeLessThan(60);
  });
});

describe('spot_breakout_strategy', () => {
  it('buys a volume-confirmed break out of a tight range, with a 2-ATR stop and a 4-ATR target', () => {
    const rng = new Rng(3);
    const n = 3000;
    const logMid = randomWalk(rng, n);
    const range = ouPath(rng, 400, 10, 0.3 * SIGMA, logMid[n - 404] as number);
    logMid.set(range, n - 403);
    logMid[n - 3] = (logMid[n - 4] as number) + 0.012;
    logMid[n - 2] = (logMid[n - 3] as number) + 0.012;
    logMid[n - 1] = (logMid[n - 2] as number) + 0.012;
    const market = withNoise({ symbol: 'BRK-USD', logMid, surgeCandles: 3 }, 3);
    const { planted } = findFor(spotBreakoutStrategy, market, 'BRK-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    const entry = planted?.entry as number;
    expect((planted?.target as number) - entry).toBeCloseTo(2 * (entry - (planted?.stop as number)), 3);
  });
});

describe('scalping_strategy', () => {
  it('fades a fast mean-reverting symbol stretched below its session VWAP', () => {
    const logMid = rampEnd(ouPath(new Rng(4), 6000, 12, 0.006), 3, -0.02);
    const market = withNoise({ symbol: 'VW-USD', logMid }, 4);
    const { planted, others } = findFor(scalpingStrategy, market, 'VW-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(planted?.target).toBeGreaterThan(planted?.entry as number);
    for (const o of others) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('complex_strategy', () => {
  it('validates a trend rule out of sample on a persistently trending symbol and holds it long now', () => {
    const market = withNoise({ symbol: 'TREND-USD', logMid: trendingPath(new Rng(5), 8000) }, 5);
    const { planted, others } = findFor(complexStrategy, market, 'TREND-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(5);
    expect(planted?.expectedReturnPct).toBeGreaterThan(0);
    for (const o of others) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});
