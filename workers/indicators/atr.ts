// Average True Range (Wilder): TR_t = max(high − low, |high − close_{t−1}|, |low − close_{t−1}|) (high − low for the
// first candle), smoothed like RSI: a simple mean of the first `period` TRs, then atr_t = atr_{t−1} + (TR_t − atr_{t−1}) / period.
// The first value is at index period − 1; earlier entries are NaN. Matches trading-signals' ATR.

export function trueRange(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, i: number): number {
  const h = high[i] as number;
  const l = low[i] as number;
  if (i === 0) return h - l;
  const previousClose = close[i - 1] as number;
  return Math.max(h - l, Math.abs(h - previousClose), Math.abs(l - previousClose));
}

export function atr(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let average = 0;
  for (let i = 0; i < n; i++) {
    const tr = trueRange(high, low, close, i);
    if (i < period) {
      average += tr / period;
      if (i < period - 1) continue;
    } else {
      average += (tr - average) / period;
    }
    out[i] = average;
  }
  return out;
}
