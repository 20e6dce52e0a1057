// Bollinger Bands (John Bollinger): middle = simple mean of the last `period` values, sd = population standard
// deviation of the same window, bands = middle ± k·sd. The z-score (x − middle) / sd is what mean-reversion trades on.
// Computed window by window (O(n·period)) rather than with running sums, which lose precision on large prices.

export interface BollingerSeries {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
  sd: Float64Array;
}

export function bollinger(values: ArrayLike<number>, period = 20, k = 2): BollingerSeries {
  const n = values.length;
  const middle = new Float64Array(n).fill(Number.NaN);
  const upper = new Float64Array(n).fill(Number.NaN);
  const lower = new Float64Array(n).fill(Number.NaN);
  const sd = new Float64Array(n).fill(Number.NaN);
  for (let i = period - 1; i < n; i++) {
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += values[j] as number;
    const mean = sum / period;
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) {
      const d = (values[j] as number) - mean;
      squares += d * d;
    }
    const s = Math.sqrt(squares / period);
    middle[i] = mean;
    sd[i] = s;
    upper[i] = mean + k * s;
    lower[i] = mean - k * s;
  }
  return { middle, upper, lower, sd };
}
