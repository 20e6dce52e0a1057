// Donchian channel: highest high and lowest low of the last `period` candles, the current one included (so a breakout
// test compares today's close with yesterday's channel). Monotonic deques make it O(n) whatever the period.
// Entries before index period − 1 are NaN. Matches trading-signals' DonchianChannels.

export interface DonchianSeries {
  upper: Float64Array;
  lower: Float64Array;
}

export function donchian(high: ArrayLike<number>, low: ArrayLike<number>, period = 20): DonchianSeries {
  const n = high.length;
  return { upper: rollingExtreme(high, period, n, 1), lower: rollingExtreme(low, period, n, -1) };
}

/** Rolling max (sign 1) or min (sign −1) with a deque of indices whose values are monotonic. */
function rollingExtreme(values: ArrayLike<number>, period: number, n: number, sign: 1 | -1): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const x = sign * (values[i] as number);
    while (tail > head && sign * (values[deque[tail - 1] as number] as number) <= x) tail--;
    deque[tail++] = i;
    if ((deque[head] as number) <= i - period) head++;
    if (i >= period - 1) out[i] = values[deque[head] as number] as number;
  }
  return out;
}
