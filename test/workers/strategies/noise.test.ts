// On pure noise — independent random walks, no spread, zero-mean funding, fairly priced options — no strategy finds
// anything strong, and every strategy answers in the contract's shape. (Across 30 such markets, the strongest
// confidence any strategy reached was 6.7: see docs/strategies.md.)
import { describe, expect, it } from 'vitest';
import { STRONG_CONFIDENCE } from '../../../workers/strategies/support/confidence.js';
import { strategyCatalogue } from '../../../workers/strategy-catalogue.js';
import { expectContractShape } from './contract-shape.js';
import { equalWeightParams, never, noiseMarket } from './fixtures.js';

describe.each([1, 2, 3])('pure noise market (seed %i)', (seed) => {
  const market = noiseMarket(10, 4000, seed);
  const params = equalWeightParams(market);

  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s finds nothing strong', (id, strategy) => {
    const found = strategy.run(market, params, never);
    expect(found.length).toBeLessThanOrEqual(20);
    for (const o of found) {
      expectContractShape(o, id);
      expect(o.confidence, o.rationale).toBeLessThan(STRONG_CONFIDENCE);
    }
  });
});

describe('symbols the strategies are given', () => {
  const market = noiseMarket(4, 3000, 4);

  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s skips unknown symbols and copes with none', (_, strategy) => {
    const params = equalWeightParams(market);
    expect(strategy.run(market, { symbols: [], portfolio: params.portfolio }, never)).toEqual([]);
    expect(strategy.run(market, { symbols: ['NOPE-USD'], portfolio: { 'NOPE-USD': 1 } }, never)).toEqual([]);
    const withStranger = strategy.run(market, { ...params, symbols: ['NOPE-USD', ...params.symbols] }, never);
    expect(withStranger).toEqual(strategy.run(market, params, never));
  });

  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s only reports symbols it was asked about', (_, strategy) => {
    const asked = market.symbols.slice(0, 3);
    const params = { ...equalWeightParams(market), symbols: asked };
    for (const o of strategy.run(market, params, never)) for (const symbol of o.symbols) expect(asked).toContain(symbol);
  });
});
