// Strategies that look across symbols find planted co-movement: a cointegrated pair, a factor with one dislocated
// residual, a low-risk asset to buy, a concentrated risk to trim, a beta to hedge — and measure known risks correctly.
import { describe, expect, it } from 'vitest';
import { logPrices } from '../../../workers/indicators/ewma-vol.js';
import { normInv } from '../../../workers/indicators/normal.js';
import { Rng } from '../../../workers/indicators/prng.js';
import { blockLogReturns } from '../../../workers/indicators/returns.js';
import { hedgePosition } from '../../../workers/strategies/hedge-position.js';
import { engleGranger, pairsTrading } from '../../../workers/strategies/pairs-trading.js';
import { portfolioOptimization } from '../../../workers/strategies/portfolio-optimization.js';
import { historicalRisk, monteCarloRisk, riskManagement } from '../../../workers/strategies/risk-management.js';
import { pcaFactors, statisticalArbitrage } from '../../../workers/strategies/statistical-arbitrage.js';
import { STRONG_CONFIDENCE } from '../../../workers/strategies/support/confidence.js';
import { expectContractShape } from './contract-shape.js';
import { SIGMA, equalWeightParams, marketFromPaths, never, ouPath, randomWalk, symbolNames, type PathSpec } from './fixtures.js';

const noise = (rng: Rng, count: number, n: number): PathSpec[] => symbolNames(count).map((symbol) => ({ symbol, logMid: randomWalk(rng, n) }));

describe('pairs_trading', () => {
  const rng = new Rng(10);
  const n = 6000;
  const leader = randomWalk(rng, n);
  const spread = ouPath(rng, n, 30, 0.01, 0);
  for (let j = 0; j < 20; j++) spread[n - 20 + j] = (spread[n - 20 + j] as number) * (1 - (j + 1) / 20) + (0.028 * (j + 1)) / 20;
  const follower = Float64Array.from(leader, (x, t) => 0.5 + 1.3 * x + (spread[t] as number));
  const market = marketFromPaths([{ symbol: 'LEAD-USD', logMid: leader }, { symbol: 'FOLLOW-USD', logMid: follower }, ...noise(rng, 6, n)], 10);

  it('recovers the planted hedge ratio with Engle–Granger', () => {
    const logs = market.series.map((s) => logPrices(s.close));
    const fit = engleGranger(logs, 1, 0);
    expect(fit.hedgeRatio).toBeCloseTo(1.3, 1);
    expect(fit.adfStat).toBeLessThan(-6);
  });

  it('shorts the stretched spread of the cointegrated pair and nothing else', () => {
    const found = pairsTrading.run(market, equalWeightParams(market), never);
    found.forEach((o) => expectContractShape(o, 'pairs_trading'));
    expect(found).toHaveLength(1);
    const [pair] = found;
    expect(new Set(pair?.symbols)).toEqual(new Set(['LEAD-USD', 'FOLLOW-USD']));
    expect(pair?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    // FOLLOW is rich against LEAD: sell FOLLOW (or, the other way round, buy LEAD).
    expect(pair?.side).toBe(pair?.symbols[0] === 'FOLLOW-USD' ? 'short' : 'long');
  });
});

/** Hourly-candle-equivalent factor market: every symbol loads on one factor; RES-USD's residual mean-reverts. */
function factorMarket(seed: number) {
  const rng = new Rng(seed);
  const n = 8640;
  const factor = randomWalk(rng, n, SIGMA, 0);
  const residual = ouPath(rng, n, 36, 0.03, 0);
  for (let j = 0; j < 36; j++) residual[n - 36 + j] = (residual[n - 36 + j] as number) * (1 - (j + 1) / 36) + (0.1 * (j + 1)) / 36;
  const paths: PathSpec[] = symbolNames(9).map((symbol, i) => {
    const own = randomWalk(rng, n, 0.7 * SIGMA, 0);
    const beta = 0.6 + 0.1 * i;
    return { symbol, logMid: Float64Array.from(own, (x, t) => Math.log(50 + i) + beta * (factor[t] as number) + x) };
  });
  paths.push({ symbol: 'RES-USD', logMid: Float64Array.from(factor, (f, t) => Math.log(80) + f + (residual[t] as number)) });
  return marketFromPaths(paths, seed);
}

describe('statistical_arbitrage', () => {
  const market = factorMarket(11);

  it('finds the one planted factor by PCA', () => {
    const model = pcaFactors(market.series.map((s) => blockLogReturns(s.close, 12)), never);
    expect(model?.factors).toBe(1);
    expect(model?.explained).toBeGreaterThan(0.3);
  });

  it('shorts the symbol whose residual is stretched far above its mean', () => {
    const found = statisticalArbitrage.run(market, equalWeightParams(market), never);
    found.forEach((o) => expectContractShape(o, 'statistical_arbitrage'));
    const planted = found.find((o) => o.symbols[0] === 'RES-USD');
    expect(planted?.side).toBe('short');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    for (const o of found) if (o !== planted) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('portfolio_optimization', () => {
  it('buys an unheld asset with a third of the others’ volatility (min-variance), funded by the rest', () => {
    const rng = new Rng(12);
    const n = 6000;
    const market = marketFromPaths([{ symbol: 'CALM-USD', logMid: randomWalk(rng, n, SIGMA / 3) }, ...noise(rng, 5, n)], 12);
    const params = equalWeightParams(market);
    delete params.portfolio['CALM-USD'];
    const found = portfolioOptimization.run(market, params, never);
    found.forEach((o) => expectContractShape(o, 'portfolio_optimization'));
    const calm = found.find((o) => o.symbols[0] === 'CALM-USD');
    expect(calm?.side).toBe('long');
    expect(calm?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(found.filter((o) => o.side === 'short').length).toBeGreaterThan(0);
  });
});

describe('risk_management', () => {
  const rng = new Rng(13);
  const n = 40_000;
  const sigma = 0.002;
  const closes = [Float64Array.from(randomWalk(rng, n, sigma), Math.exp)];
  const value = 1_000_000;
  // 1-day (288-candle) log return ~ N(0, σ√288): loss quantiles of V·(1 − e^X).
  const daily = sigma * Math.sqrt(288);
  const expectedVar = value * -Math.expm1(-normInv(0.99) * daily);

  it('measures historical VaR of a known normal distribution within 20 %', () => {
    const risk = historicalRisk(closes, [value], 288, never);
    expect((risk?.var as number) / expectedVar).toBeGreaterThan(0.8);
    expect((risk?.var as number) / expectedVar).toBeLessThan(1.2);
  });

  it('measures Monte Carlo VaR (Student-t steps, unit variance) within 10 %, and CVaR beyond it', () => {
    const risk = monteCarloRisk([blockLogReturns(closes[0] as Float64Array, 12)], [value], 24, 1, never);
    expect((risk?.var as number) / expectedVar).toBeGreaterThan(0.9);
    expect((risk?.var as number) / expectedVar).toBeLessThan(1.1);
    expect(risk?.cvar).toBeGreaterThan(risk?.var as number);
    expect(risk?.contributions[0]).toBeCloseTo(risk?.cvar as number, 6);
  });

  it('suggests trimming the one holding with three times the volatility, not the others', () => {
    const market = marketFromPaths([{ symbol: 'WILD-USD', logMid: randomWalk(rng, 6000, 3 * SIGMA) }, ...noise(rng, 4, 6000)], 13);
    const found = riskManagement.run(market, equalWeightParams(market), never);
    found.forEach((o) => expectContractShape(o, 'risk_management'));
    expect(found.map((o) => o.symbols[0])).toEqual(['WILD-USD']);
    expect(found[0]?.side).toBe('short');
    expect(found[0]?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
  });
});

describe('hedge_position', () => {
  it('hedges a holding with 1.5 beta to the most market-like symbol by selling 1.5× its value', () => {
    const rng = new Rng(14);
    const n = 6000;
    const market0 = randomWalk(rng, n, SIGMA);
    const others = symbolNames(4).map((symbol) => ({ symbol, logMid: Float64Array.from(randomWalk(rng, n, SIGMA, 0), (x, t) => Math.log(30) + (market0[t] as number) + x) }));
    const highBeta = Float64Array.from(randomWalk(rng, n, 0.5 * SIGMA, 0), (x, t) => Math.log(20) + 1.5 * ((market0[t] as number) - Math.log(100)) + x);
    const market = marketFromPaths([{ symbol: 'MKT-USD', logMid: market0 }, { symbol: 'HIGH-USD', logMid: highBeta }, ...others], 14);
    const price = (symbol: string): number => {
      const s = market.series.find((x) => x.symbol === symbol);
      return s?.close[s.close.length - 1] as number;
    };
    const found = hedgePosition.run(market, { symbols: market.symbols, portfolio: { 'HIGH-USD': 100_000 / price('HIGH-USD') } }, never);
    found.forEach((o) => expectContractShape(o, 'hedge_position'));
    const hedge = found.find((o) => o.symbols[0] === 'HIGH-USD');
    expect(hedge?.symbols[1]).toBe('MKT-USD');
    expect(hedge?.side).toBe('short');
    const beta = Number(/beta (-?[\d.]+)/.exec(hedge?.rationale ?? '')?.[1]);
    expect(beta).toBeGreaterThan(1.3);
    expect(beta).toBeLessThan(1.7);
    const units = Number(/sell ([\d.e+]+)/.exec(hedge?.rationale ?? '')?.[1]);
    expect((units * price('MKT-USD')) / 100_000).toBeCloseTo(beta, 1);
  });
});
