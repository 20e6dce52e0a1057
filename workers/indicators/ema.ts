// Exponential moving average, α = 2 / (period + 1), seeded with the first value:
//   ema[0] = x[0],  ema[t] = α·x[t] + (1 − α)·ema[t−1].
// Entries before index period − 1 are NaN (warm-up), as in trading-signals' EMA, which it matches.

/** EMA of `values`; NaN during the first `period − 1` entries. */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  const out = new Float64Array(values.length);
  emaInto(values, period, out, 0);
  for (let i = 0; i < Math.min(period - 1, values.length); i++) out[i] = Number.NaN;
  return out;
}

/**
 * Raw EMA recursion from index `from` (seeded with values[from]) into `out`, without warm-up masking: the building block
 * for MACD, whose signal line starts part-way through the series.
 */
export function emaInto(values: ArrayLike<number>, period: number, out: Float64Array, from: number): void {
  const alpha = 2 / (period + 1);
  let previous = Number.NaN;
  for (let i = from; i < values.length; i++) {
    const x = values[i] as number;
    previous = i === from ? x : x * alpha + previous * (1 - alpha);
    out[i] = previous;
  }
}
