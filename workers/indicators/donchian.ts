// Donchian channel: highest high and lowest low of the last `period` candles, the current one included (so a breakout
// test compares today's close with yesterday's channel). Monotonic deques make it O(n) whatever the period.
// Entries before index period − 1 are NaN. Matches trading-signals' DonchianChannels.

export interface DonchianSeries {
  upper: Float64Array;
  lower: Float64Array;
}

export function donchian(high: ArrayLike<number>, low: ArrayLike<number>, period = 20): DonchianSeries {
  const n = high.length;
  return { upper: rollingExtreme(high, period, n, (a, b) => a >= b), lower: rollingExtreme(low, period, n, (a, b) => a <= b) };
}

/** The channel of the `period` candles ending at index `end` (inclusive): one window, no full pass. */
export function channelAt(high: ArrayLike<number>, low: ArrayLike<number>, end: number, period: number): { upper: number; lower: number } {
  let upper = Number.NEGATIVE_INFINITY;
  let lower = Number.POSITIVE_INFINITY;
  for (let i = Math.max(0, end - period + 1); i <= end; i++) {
    upper = Math.max(upper, high[i] as number);
    lower = Math.min(lower, low[i] as number);
  }
  return { upper, lower };
}

/**
 * Rolling max (`dominates` = ≥) or min (≤): a deque of indices whose values are monotonic, so each index enters and
 * leaves once.
 */
function rollingExtreme(values: ArrayLike<number>, period: number, n: number, dominates: (a: number, b: number) => boolean): Float64Array {
  const out = new Float64Array(n);
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    while (tail > head && dominates(x, values[deque[tail - 1] as number] as number)) tail--;
    deque[tail++] = i;
    if ((deque[head] as number) <= i - period) head++;
    out[i] = i >= period - 1 ? (values[deque[head] as number] as number) : Number.NaN;
  }
  return out;
}
