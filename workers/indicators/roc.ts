// Rate of change over `period` candles, as a fraction: (x_t − x_{t−period}) / x_{t−period}. NaN before index `period`.
// Matches trading-signals' ROC.

export function roc(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = period; i < n; i++) {
    const base = values[i - period] as number;
    out[i] = ((values[i] as number) - base) / base;
  }
  return out;
}
