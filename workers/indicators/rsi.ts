// Relative Strength Index with Wilder smoothing (J. Welles Wilder, 1978), as trading-signals computes it:
//   gain_t = max(x_t − x_{t−1}, 0), loss_t = max(x_{t−1} − x_t, 0)
//   avgGain/avgLoss: simple mean of the first `period` values, then avg_t = avg_{t−1} + (v_t − avg_{t−1}) / period
//   RSI = 100 − 100 / (1 + avgGain / avgLoss)   (100 when avgLoss is 0)
// The first value is at index `period`; earlier entries are NaN.

export function rsi(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 1; i < n; i++) {
    const change = (values[i] as number) - (values[i - 1] as number);
    const gain = change > 0 ? change : 0;
    const loss = change > 0 ? 0 : -change;
    if (i <= period) {
      avgGain += gain / period;
      avgLoss += loss / period;
      if (i < period) continue;
    } else {
      avgGain += (gain - avgGain) / period;
      avgLoss += (loss - avgLoss) / period;
    }
    out[i] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  return out;
}
