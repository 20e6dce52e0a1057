// On the default synthetic market, the strategies find what the generator planted there — and the strong findings of
// pattern strategies point at planted symbols only.
import { describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../machines/opportunity.js';
import { defaultPortfolio } from '../../../src/market/default-portfolio.js';
import { DEFAULT_MARKET_SEED } from '../../../src/market/load-market.js';
import { generateSyntheticMarket } from '../../../src/market/synthetic-market.js';
import { STRONG_CONFIDENCE } from '../../../workers/strategies/support/confidence.js';
import { strategyCatalogue } from '../../../workers/strategy-catalogue.js';
import { never } from './fixtures.js';

const { market, planted } = generateSyntheticMarket('default', DEFAULT_MARKET_SEED);
const params = { symbols: market.symbols, portfolio: defaultPortfolio(market) };

function strong(id: string): Opportunity[] {
  const strategy = strategyCatalogue.find((s) => s.id === id);
  if (!strategy) throw new Error(`no strategy ${id}`);
  return strategy.run(market, params, never).filter((o) => o.confidence >= STRONG_CONFIDENCE);
}

const symbolsOf = (found: Opportunity[]): string[] => found.map((o) => o.symbols[0] as string);

describe(`default synthetic market (seed ${DEFAULT_MARKET_SEED})`, () => {
  it('spot_breakout_strategy: each planted breakout, in its direction (even-numbered up, odd down)', () => {
    const found = strong('spot_breakout_strategy');
    planted.breakout.forEach((symbol, k) => {
      expect(found.find((o) => o.symbols[0] === symbol)?.side).toBe(k % 2 === 0 ? 'long' : 'short');
    });
  });

  it('pairs_trading: the pair planted with a stretched spread, and only planted pairs', () => {
    const found = strong('pairs_trading');
    const plantedPairs = planted.pairs.map((p) => [p.leader, p.follower].sort().join('/'));
    expect(found.map((o) => o.symbols.slice().sort().join('/'))).toContain(plantedPairs[0]);
    for (const o of found) expect(plantedPairs).toContain(o.symbols.slice().sort().join('/'));
  });

  it('funding_arbitrage: collects the planted rich funding and pays into the planted negative one', () => {
    const found = strong('funding_arbitrage');
    for (const symbol of planted.richFunding) expect(found.find((o) => o.symbols[0] === symbol)?.rationale).toMatch(/^long spot \/ short perp/);
    for (const symbol of planted.negativeFunding) expect(found.find((o) => o.symbols[0] === symbol)?.rationale).toMatch(/^short spot \/ long perp/);
    // The richest carry ranks first.
    expect(planted.richFunding).toContain(found[0]?.symbols[0]);
  });

  it('options_trade: buys volatility where it was planted cheap and sells it where it was planted rich', () => {
    const found = strong('options_trade');
    for (const symbol of planted.cheapVol) expect(found.find((o) => o.symbols[0] === symbol)?.side).toBe('long');
    for (const symbol of planted.richVol) expect(found.find((o) => o.symbols[0] === symbol)?.side).toBe('short');
  });

  it('market_making: the widest planted spread ranks first', () => {
    const strategy = strategyCatalogue.find((s) => s.id === 'market_making');
    const found = strategy?.run(market, params, never) ?? [];
    expect(planted.wideSpread).toContain(found[0]?.symbols[0]);
  });

  it('momentum, mean reversion and statistical arbitrage: strong findings are planted symbols', () => {
    const momentum = symbolsOf(strong('spot_momentum_strategy'));
    expect(momentum.length).toBeGreaterThan(0);
    for (const symbol of momentum) expect(planted.momentum).toContain(symbol);
    const reverting = symbolsOf(strong('spot_mean_reversion'));
    expect(reverting.length).toBeGreaterThan(0);
    for (const symbol of reverting) expect(planted.meanReverting).toContain(symbol);
    const residuals = symbolsOf(strong('statistical_arbitrage'));
    expect(residuals.length).toBeGreaterThan(0);
    for (const symbol of residuals) expect([...planted.meanReverting, ...planted.residualReverting]).toContain(symbol);
  });
});
