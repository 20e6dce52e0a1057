// Same input, same output: the same seed gives the same market and every strategy the same opportunities, run after
// run (Monte Carlo and bootstrap draws are seeded from the inputs; the per-worker memos of workers/strategies/support/last-input-memo.ts
// cache inputs only, never results that depend on an earlier run).
import { describe, expect, it } from 'vitest';
import { defaultPortfolio } from '../../../src/market/default-portfolio.js';
import { generateSyntheticMarket } from '../../../src/market/synthetic-market.js';
import { strategyCatalogue } from '../../../workers/strategy-catalogue.js';
import { never } from './fixtures.js';

describe('determinism', () => {
  const first = generateSyntheticMarket('tiny', 99).market;
  const second = generateSyntheticMarket('tiny', 99).market;
  const params = { symbols: first.symbols, portfolio: defaultPortfolio(first) };

  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s gives identical results on identically seeded markets', (_, strategy) => {
    const a = strategy.run(first, params, never);
    expect(strategy.run(second, params, never)).toEqual(a);
    expect(strategy.run(first, params, never)).toEqual(a);
  });

  it('finds something on the tiny market, so the comparison above is not vacuous', () => {
    const total = strategyCatalogue.reduce((n, s) => n + s.run(first, params, never).length, 0);
    expect(total).toBeGreaterThan(10);
  });
});
