// The exported catalogue: what GET /v1/strategies lists and the worker entry loads.
import { describe, expect, it } from 'vitest';
import { strategyCatalogue, strategyIds } from '../../../workers/strategy-catalogue.js';

const EXPECTED_IDS = [
  'risk_management', 'portfolio_optimization', 'spot_momentum_strategy', 'spot_mean_reversion', 'spot_breakout_strategy',
  'scalping_strategy', 'pairs_trading', 'statistical_arbitrage', 'market_making', 'futures_trade', 'options_trade',
  'funding_arbitrage', 'hedge_position', 'complex_strategy',
];
const SERIES = ['time', 'open', 'high', 'low', 'close', 'volume', 'perp', 'funding', 'options', 'portfolio'];

describe('strategy catalogue', () => {
  it('lists the fourteen strategies in the contract order', () => {
    expect(strategyIds).toEqual(EXPECTED_IDS);
    expect(strategyCatalogue.map((s) => s.id)).toEqual(EXPECTED_IDS);
  });

  it('describes each one and names only known inputs', () => {
    for (const s of strategyCatalogue) {
      expect(s.name.length).toBeGreaterThan(3);
      expect(s.description.length).toBeGreaterThan(30);
      expect(s.inputs.length).toBeGreaterThan(0);
      for (const input of s.inputs) expect(SERIES).toContain(input);
    }
  });

  it('cannot be modified at run time', () => {
    expect(Object.isFrozen(strategyCatalogue)).toBe(true);
    expect(Object.isFrozen(strategyIds)).toBe(true);
  });
});
