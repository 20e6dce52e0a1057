// Strategies on perps, funding, options and the order book find planted carry, basis, volatility and spread — and
// leave symbols without them alone.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../workers/indicators/prng.js';
import type { MarketData } from '../../../workers/market-data.js';
import { fundingArbitrage } from '../../../workers/strategies/funding-arbitrage.js';
import { futuresTrade } from '../../../workers/strategies/futures-trade.js';
import { estimateMicrostructure, marketMaking } from '../../../workers/strategies/market-making.js';
import { optionsTrade } from '../../../workers/strategies/options-trade.js';
import { STRONG_CONFIDENCE } from '../../../workers/strategies/support/confidence.js';
import type { StrategyDefinition } from '../../../workers/strategy-types.js';
import { expectContractShape } from './contract-shape.js';
import { SIGMA, equalWeightParams, marketFromPaths, never, randomWalk, symbolNames, type PathSpec } from './fixtures.js';

const N = 4000;

function market(planted: (rng: Rng) => PathSpec[], seed: number): MarketData {
  const rng = new Rng(seed);
  const paths = planted(rng);
  return marketFromPaths([...paths, ...symbolNames(5).map((symbol) => ({ symbol, logMid: randomWalk(rng, N) }))], seed);
}

function run(strategy: StrategyDefinition, m: MarketData) {
  const found = strategy.run(m, equalWeightParams(m), never);
  found.forEach((o) => expectContractShape(o, strategy.id));
  const bySymbol = (symbol: string) => found.find((o) => o.symbols[0] === symbol);
  const noise = found.filter((o) => /^N\d+-USD$/.test(o.symbols[0] ?? ''));
  return { found, bySymbol, noise };
}

/** A persistent funding rate around `mean` (per 8 h). */
function funding(rng: Rng, mean: number): Float64Array {
  return Float64Array.from({ length: N }, () => mean + 0.00005 * rng.normal());
}

describe('futures_trade', () => {
  it('buys the perp of an up-trending symbol when it trades at a discount and shorts pay longs funding', () => {
    const m = market((rng) => {
      const logMid = randomWalk(rng, N);
      for (let t = N - 400; t < N; t++) logMid[t] = (logMid[t - 1] as number) + 0.3 * SIGMA + SIGMA * rng.normal();
      const basis = Float64Array.from({ length: N }, (_, t) => (t >= N - 6 ? -0.003 : 0.0005 * rng.normal()));
      return [{ symbol: 'PERP-USD', logMid, basis, funding: funding(rng, -0.0003) }];
    }, 20);
    const { bySymbol, noise } = run(futuresTrade, m);
    const planted = bySymbol('PERP-USD');
    expect(planted?.side).toBe('long');
    expect(planted?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(planted?.expectedReturnPct).toBeGreaterThan(0.2);
    for (const o of noise) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('funding_arbitrage', () => {
  const m = market((rng) => [
    { symbol: 'CARRY-USD', logMid: randomWalk(rng, N), funding: funding(rng, 0.0005) },
    { symbol: 'NEG-USD', logMid: randomWalk(rng, N), funding: funding(rng, -0.0004) },
  ], 21);
  const { bySymbol, noise } = run(fundingArbitrage, m);

  it('collects persistent positive funding long spot / short perp, net of fees', () => {
    const carry = bySymbol('CARRY-USD');
    expect(carry?.side).toBe('neutral');
    expect(carry?.rationale).toMatch(/^long spot \/ short perp/);
    expect(carry?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    // 0.05 % × 21 periods − 0.20 % fees ≈ 0.85 %.
    expect(carry?.expectedReturnPct).toBeGreaterThan(0.7);
    expect(carry?.expectedReturnPct).toBeLessThan(1);
  });

  it('takes the other side of persistent negative funding, and leaves zero-mean funding alone', () => {
    expect(bySymbol('NEG-USD')?.rationale).toMatch(/^short spot \/ long perp/);
    expect(bySymbol('NEG-USD')?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    for (const o of noise) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('options_trade', () => {
  const m = market((rng) => [
    { symbol: 'CHEAP-USD', logMid: randomWalk(rng, N), vrp: -0.35 },
    { symbol: 'RICH-USD', logMid: randomWalk(rng, N), vrp: 0.6 },
  ], 22);
  const { bySymbol, noise } = run(optionsTrade, m);

  it('buys a straddle where implied vol is well below the forecast', () => {
    const cheap = bySymbol('CHEAP-USD');
    expect(cheap?.side).toBe('long');
    expect(cheap?.rationale).toMatch(/^buy straddle/);
    expect(cheap?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(cheap?.target).toBeGreaterThan(cheap?.entry as number);
  });

  it('sells a strangle where implied vol is well above it, and leaves fairly priced options alone', () => {
    const rich = bySymbol('RICH-USD');
    expect(rich?.side).toBe('short');
    expect(rich?.rationale).toMatch(/^sell strangle put .* \+ call/);
    expect(rich?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(rich?.target).toBeLessThan(rich?.entry as number);
    for (const o of noise) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});

describe('market_making', () => {
  const m = market((rng) => [{ symbol: 'WIDE-USD', logMid: randomWalk(rng, N), spread: 0.004 }], 23);

  it('estimates a 40 bp bid–ask spread from prices alone', () => {
    const wide = m.series[0];
    if (!wide) throw new Error('missing series');
    const estimate = estimateMicrostructure(wide, 0, N);
    expect(estimate.spread).toBeGreaterThan(0.003);
    expect(estimate.spread).toBeLessThan(0.0055);
  });

  it('quotes the wide-spread symbol (bid below ask) and finds no edge where there is no spread', () => {
    const { bySymbol, noise } = run(marketMaking, m);
    const wide = bySymbol('WIDE-USD');
    expect(wide?.side).toBe('neutral');
    expect(wide?.confidence).toBeGreaterThanOrEqual(STRONG_CONFIDENCE);
    expect(wide?.entry).toBeLessThan(wide?.target as number);
    for (const o of noise) expect(o.confidence).toBeLessThan(STRONG_CONFIDENCE);
  });
});
