// The seeded PRNG, tail-risk measures, spread estimators and timestamp alignment.
import { describe, expect, it } from 'vitest';
import { buildMarket } from '../../../src/market/build-market.js';
import { alignCloses } from '../../../workers/indicators/align.js';
import { normInv } from '../../../workers/indicators/normal.js';
import { Rng, seedFromString } from '../../../workers/indicators/prng.js';
import { corwinSchultzSpread, rollSpread } from '../../../workers/indicators/spread-estimators.js';
import { tailRisk } from '../../../workers/indicators/tail-risk.js';

describe('seeded PRNG', () => {
  it('repeats exactly for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(first);
    expect(seedFromString('BTC-USD')).toBe(seedFromString('BTC-USD'));
    expect(seedFromString('BTC-USD')).not.toBe(seedFromString('ETH-USD'));
  });

  it('draws uniforms and normals with the right moments', () => {
    const rng = new Rng(7);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let uniform = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
      uniform += rng.uniform();
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(squares / n).toBeCloseTo(1, 2);
    expect(uniform / n).toBeCloseTo(0.5, 2);
  });
});

describe('tail risk', () => {
  it('measures VaR and CVaR of a normal sample', () => {
    const rng = new Rng(9);
    const losses = Float64Array.from({ length: 400_000 }, () => rng.normal());
    const risk = tailRisk(losses, 0.99);
    expect(risk.var).toBeCloseTo(normInv(0.99), 1);
    // CVaR of N(0, 1) at 99 %: φ(z) / 0.01.
    const z = normInv(0.99);
    expect(risk.cvar).toBeCloseTo(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / 0.01, 1);
  });
});

describe('spread estimators', () => {
  it('recover a bid–ask bounce of 20 bp from closes (Roll) and from ranges (Corwin–Schultz)', () => {
    const rng = new Rng(11);
    const n = 50_000;
    const spread = 0.002;
    const close = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    let mid = 100;
    for (let t = 0; t < n; t++) {
      const previous = mid;
      mid *= Math.exp(0.0005 * rng.normal());
      close[t] = mid * (1 + (rng.uniform() < 0.5 ? -1 : 1) * (spread / 2));
      high[t] = Math.max(previous, mid) * (1 + spread / 2);
      low[t] = Math.min(previous, mid) * (1 - spread / 2);
    }
    expect(rollSpread(close, 0, n)).toBeCloseTo(spread, 3);
    expect(corwinSchultzSpread(high, low, 0, n)).toBeGreaterThan(spread * 0.5);
    expect(corwinSchultzSpread(high, low, 0, n)).toBeLessThan(spread * 2);
  });
});

describe('timestamp alignment', () => {
  const series = (symbol: string, time: number[]) => ({
    symbol, time, open: time.map((t) => t), high: time.map((t) => t), low: time.map((t) => t), close: time.map((t) => t + 1), volume: time.map(() => 1),
  });

  it('keeps a shared axis as it is', () => {
    const market = buildMarket('csv', 1, [series('A', [1, 2, 3]), series('B', [1, 2, 3])]);
    const aligned = alignCloses(market.series);
    expect(aligned.closes[0]).toBe(market.series[0]?.close);
  });

  it('cuts differing axes down to the common timestamps', () => {
    const market = buildMarket('csv', 1, [series('A', [1, 2, 3, 5, 8]), series('B', [2, 3, 4, 5, 9]), series('C', [0, 2, 5, 8])]);
    const aligned = alignCloses(market.series);
    expect(Array.from(aligned.time)).toEqual([2, 5]);
    expect(aligned.closes.map((c) => Array.from(c))).toEqual([[3, 6], [3, 6], [3, 6]]);
  });
});
