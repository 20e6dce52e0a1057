// risk_management's per-worker holdings model (workers/strategies/risk/holdings-model.ts): it holds the last closes and
// daily drifts every chunk reports, computed once per input; they must equal what each chunk used to compute itself,
// a new market must never hit an old entry, and a chunk's partial must not alias the memoised arrays.
import { describe, expect, it } from 'vitest';
import { defaultPortfolio } from '../../../../src/market/default-portfolio.js';
import { generateSyntheticMarket } from '../../../../src/market/synthetic-market.js';
import type { MarketData } from '../../../../workers/market-data.js';
import { type RiskPart, riskManagement } from '../../../../workers/strategies/risk-management.js';
import { heldSeries, holdingsModel, type HoldingsModel } from '../../../../workers/strategies/risk/holdings-model.js';
import type { ChunkedWork, StrategyParams } from '../../../../workers/strategy-types.js';
import { never } from '../fixtures.js';

const { market } = generateSyntheticMarket('tiny', 1);
const params: StrategyParams = { symbols: market.symbols, portfolio: defaultPortfolio(market) };

function modelOf(m: MarketData): HoldingsModel {
  const model = holdingsModel(m, heldSeries(m, params), never);
  if (!model) throw new Error('no holdings model on the tiny market');
  return model;
}

describe('holdingsModel', () => {
  it('holds each holding\'s last aligned close and its mean hourly return scaled to a day, as Array#reduce sums it', () => {
    const model = modelOf(market);
    const hoursPerDay = 24; // 5-minute candles: 288 per day, 12 per hour
    const n = model.closes[0]?.length ?? 0;
    expect(Array.from(model.lastClose)).toEqual(model.closes.map((c) => c[n - 1]));
    expect(Array.from(model.drift)).toEqual(model.returns.map((r) => (r.reduce((a, x) => a + x, 0) / r.length) * hoursPerDay));
  });

  it('is computed once per input: the same series give the same entry, a copy of the market a fresh one', () => {
    const first = modelOf(market);
    expect(modelOf(market)).toBe(first);
    const copy: MarketData = { ...market, series: market.series.map((s) => ({ ...s })) };
    const other = modelOf(copy);
    expect(other).not.toBe(first);
    expect(other.drift).toEqual(first.drift);
  });

  it('is never aliased by a chunk\'s partial', () => {
    const work = riskManagement.chunks as ChunkedWork<unknown, RiskPart>;
    const [chunk] = work.plan(market, params, 4);
    const part = work.runChunk(market, params, chunk, never);
    const drift = Array.from(modelOf(market).drift);
    part.drift.fill(0);
    part.lastClose.fill(0);
    expect(Array.from(modelOf(market).drift)).toEqual(drift);
    expect(work.runChunk(market, params, chunk, never).drift).toEqual(Float64Array.from(drift));
  });
});
