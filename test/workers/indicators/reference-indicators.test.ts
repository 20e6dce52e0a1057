// Our indicators against an independent implementation (trading-signals) on the same candles, to 1e-9.
// trading-signals computes the same definitions: EMA seeded with the first price; RSI and ATR with Wilder smoothing
// seeded by a simple mean; MACD from those EMAs with the signal EMA starting at the first MACD value; Bollinger with the
// population standard deviation; Donchian including the current candle; VWAP cumulative (one session here); ROC as a
// fraction.
import { ATR, BollingerBands, DonchianChannels, EMA, MACD, ROC, RSI, VWAP } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { atr } from '../../../workers/indicators/atr.js';
import { bollinger } from '../../../workers/indicators/bollinger.js';
import { donchian } from '../../../workers/indicators/donchian.js';
import { ema } from '../../../workers/indicators/ema.js';
import { macd } from '../../../workers/indicators/macd.js';
import { Rng } from '../../../workers/indicators/prng.js';
import { roc } from '../../../workers/indicators/roc.js';
import { rsi } from '../../../workers/indicators/rsi.js';
import { sessionVwap } from '../../../workers/indicators/vwap.js';

const TOLERANCE = 1e-9;

/** 600 candles of a random walk around 2 000, every 50th with zero volume (VWAP must skip those). */
function candles(seed: number, count = 600) {
  const rng = new Rng(seed);
  const close: number[] = [];
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const volume: number[] = [];
  let price = 2_000;
  for (let i = 0; i < count; i++) {
    const o = price;
    price *= Math.exp(0.004 * rng.normal());
    open.push(o);
    close.push(price);
    high.push(Math.max(o, price) * (1 + 0.002 * rng.uniform()));
    low.push(Math.min(o, price) * (1 - 0.002 * rng.uniform()));
    volume.push(i % 50 === 7 ? 0 : 10 + 100 * rng.uniform()); // some zero-volume candles for VWAP
  }
  return { close, open, high, low, volume };
}

function expectClose(ours: number, theirs: number | null | undefined): void {
  expect(theirs).not.toBeNull();
  expect(Math.abs(ours - (theirs as number))).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(theirs as number)));
}

describe.each([1, 2, 3])('indicators match trading-signals (series %i)', (seed) => {
  const c = candles(seed);

  it('EMA(10) and EMA(50)', () => {
    for (const period of [10, 50]) {
      const ours = ema(c.close, period);
      const reference = new EMA(period);
      c.close.forEach((x, i) => {
        reference.add(x);
        if (i < period - 1) expect(ours[i]).toBeNaN();
        else expectClose(ours[i] as number, reference.getResult());
      });
    }
  });

  it('RSI(14), Wilder smoothing', () => {
    const ours = rsi(c.close, 14);
    const reference = new RSI(14);
    c.close.forEach((x, i) => {
      const theirs = reference.add(x);
      if (i < 14) expect(ours[i]).toBeNaN();
      else expectClose(ours[i] as number, theirs);
    });
  });

  it('MACD(12, 26, 9): line, signal and histogram', () => {
    const ours = macd(c.close, 12, 26, 9);
    const reference = new MACD(new EMA(12), new EMA(26), new EMA(9));
    let compared = 0;
    c.close.forEach((x, i) => {
      const theirs = reference.add(x);
      if (i < 25) return expect(theirs).toBeNull();
      expectClose(ours.macd[i] as number, theirs?.macd);
      if (i < 25 + 8) return expect(ours.signal[i]).toBeNaN();
      expectClose(ours.signal[i] as number, theirs?.signal);
      expectClose(ours.histogram[i] as number, theirs?.histogram);
      compared++;
    });
    expect(compared).toBeGreaterThan(500);
  });

  it('Bollinger Bands(20, 2)', () => {
    const ours = bollinger(c.close, 20, 2);
    const reference = new BollingerBands(20, 2);
    c.close.forEach((x, i) => {
      const theirs = reference.add(x);
      if (i < 19) return expect(ours.middle[i]).toBeNaN();
      expectClose(ours.middle[i] as number, theirs?.middle);
      expectClose(ours.upper[i] as number, theirs?.upper);
      expectClose(ours.lower[i] as number, theirs?.lower);
    });
  });

  it('ATR(14), Wilder smoothing', () => {
    const ours = atr(c.high, c.low, c.close, 14);
    const reference = new ATR(14);
    c.close.forEach((close, i) => {
      const theirs = reference.add({ high: c.high[i] as number, low: c.low[i] as number, close });
      if (i < 13) expect(ours[i]).toBeNaN();
      else expectClose(ours[i] as number, theirs);
    });
  });

  it('Donchian channel(20)', () => {
    const ours = donchian(c.high, c.low, 20);
    const reference = new DonchianChannels(20);
    c.close.forEach((close, i) => {
      const theirs = reference.add({ high: c.high[i] as number, low: c.low[i] as number });
      if (i < 19) return expect(ours.upper[i]).toBeNaN();
      expectClose(ours.upper[i] as number, theirs?.upper);
      expectClose(ours.lower[i] as number, theirs?.lower);
    });
  });

  it('VWAP within one session (zero-volume candles leave it unchanged)', () => {
    const time = c.close.map((_, i) => i * 60_000); // 600 one-minute candles: one UTC day
    const ours = sessionVwap(time, c.high, c.low, c.close, c.volume);
    const reference = new VWAP();
    let last: number | null = null;
    c.close.forEach((close, i) => {
      const theirs = reference.add({ high: c.high[i] as number, low: c.low[i] as number, close, volume: c.volume[i] as number });
      last = theirs ?? last;
      expectClose(ours[i] as number, last);
    });
  });

  it('rate of change(12)', () => {
    const ours = roc(c.close, 12);
    const reference = new ROC(12);
    c.close.forEach((x, i) => {
      const theirs = reference.add(x);
      if (i < 12) expect(ours[i]).toBeNaN();
      else expectClose(ours[i] as number, theirs);
    });
  });
});

describe('session VWAP', () => {
  it('restarts at each UTC day boundary', () => {
    const day = 86_400_000;
    const time = [day - 120_000, day - 60_000, day, day + 60_000];
    const vwap = sessionVwap(time, [11, 11, 21, 21], [9, 9, 19, 19], [10, 10, 20, 20], [1, 3, 2, 2]);
    expect(Array.from(vwap)).toEqual([10, 10, 20, 20]);
  });
});
