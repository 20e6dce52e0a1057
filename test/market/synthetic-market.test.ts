// The synthetic market: deterministic from its seed, shared memory, well-formed candles and derivatives, sized by profile.
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/market/profiles.js';
import { generateSyntheticMarket } from '../../src/market/synthetic-market.js';
import type { MarketData, SymbolSeries } from '../../workers/market-data.js';

function arrays(s: SymbolSeries): Float64Array[] {
  const chain = s.options;
  const own = [s.time, s.open, s.high, s.low, s.close, s.volume, s.perp, s.funding].filter((a): a is Float64Array => a !== null);
  return chain ? [...own, chain.expiriesDays, chain.strikes, chain.callMid, chain.putMid] : own;
}

function bytes(market: MarketData): Buffer {
  return Buffer.concat(market.series.flatMap(arrays).map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

describe('synthetic market', () => {
  const { market, planted } = generateSyntheticMarket('tiny', 11);

  it('is byte-identical for the same seed and different for another', () => {
    expect(bytes(generateSyntheticMarket('tiny', 11).market).equals(bytes(market))).toBe(true);
    expect(bytes(generateSyntheticMarket('tiny', 12).market).equals(bytes(market))).toBe(false);
  });

  it('has the profile size and one shared time axis', () => {
    expect(market.source).toBe('synthetic');
    expect(market.symbols).toHaveLength(PROFILES.tiny.symbols);
    expect(market.intervalMs).toBe(PROFILES.tiny.intervalMs);
    for (const s of market.series) {
      expect(s.close).toHaveLength(PROFILES.tiny.candles);
      expect(s.time).toBe(market.series[0]?.time);
    }
    const time = market.series[0]?.time as Float64Array;
    for (let t = 1; t < time.length; t++) expect((time[t] as number) - (time[t - 1] as number)).toBe(market.intervalMs);
  });

  it('backs every array with a SharedArrayBuffer', () => {
    for (const s of market.series) for (const a of arrays(s)) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('makes consistent candles: positive prices, low ≤ open, close ≤ high, non-negative volume', () => {
    for (const s of market.series) {
      for (let t = 0; t < s.close.length; t++) {
        const [o, h, l, c, v] = [s.open[t], s.high[t], s.low[t], s.close[t], s.volume[t]] as number[];
        expect(l).toBeGreaterThan(0);
        expect(h).toBeGreaterThanOrEqual(Math.max(o as number, c as number));
        expect(l).toBeLessThanOrEqual(Math.min(o as number, c as number));
        expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('gives every symbol a perp near spot, a funding rate and an arbitrage-free option chain', () => {
    for (const s of market.series) {
      const n = s.close.length;
      expect(Math.abs(Math.log((s.perp?.[n - 1] as number) / (s.close[n - 1] as number)))).toBeLessThan(0.02);
      expect(s.funding).toHaveLength(n);
      const chain = s.options;
      expect(chain).not.toBeNull();
      if (!chain) continue;
      const k = chain.strikes.length;
      for (let e = 0; e < chain.expiriesDays.length; e++) {
        for (let j = 1; j < k; j++) {
          expect(chain.callMid[e * k + j] as number).toBeLessThanOrEqual((chain.callMid[e * k + j - 1] as number) * 1.01);
          expect(chain.putMid[e * k + j] as number).toBeGreaterThanOrEqual((chain.putMid[e * k + j - 1] as number) * 0.99);
        }
      }
    }
  });

  it('plants its structures on distinct symbols and says where', () => {
    const priceRoles = [
      ...planted.pairs.flatMap((p) => [p.leader, p.follower]),
      ...planted.meanReverting,
      ...planted.momentum,
      ...planted.residualReverting,
      ...planted.breakout,
    ];
    expect(new Set(priceRoles).size).toBe(priceRoles.length);
    expect(priceRoles).not.toContain(market.symbols[0]);
    expect(planted.richVol.filter((s) => planted.cheapVol.includes(s))).toEqual([]);
    const fundingMean = (symbol: string): number => {
      const f = market.series.find((s) => s.symbol === symbol)?.funding as Float64Array;
      return f.reduce((a, x) => a + x, 0) / f.length;
    };
    for (const symbol of planted.richFunding) expect(fundingMean(symbol)).toBeGreaterThan(0.0004);
    for (const symbol of planted.negativeFunding) expect(fundingMean(symbol)).toBeLessThan(-0.0001);
  });
});
