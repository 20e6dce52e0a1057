// Exponentially weighted volatility of log returns (RiskMetrics): σ²_t = λ·σ²_{t−1} + (1 − λ)·r_t², with
// λ = 1 − 2/(span + 1). Seeded with the mean squared return of the first `span` returns. Entry t uses returns up to t;
// entry 0 is NaN.

export function ewmaVol(close: ArrayLike<number>, span: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (n < 2) return out;
  const lambda = 1 - 2 / (span + 1);
  let seed = 0;
  const seedCount = Math.min(span, n - 1);
  for (let t = 1; t <= seedCount; t++) seed += Math.log((close[t] as number) / (close[t - 1] as number)) ** 2;
  let variance = seed / seedCount;
  for (let t = 1; t < n; t++) {
    const r = Math.log((close[t] as number) / (close[t - 1] as number));
    variance = lambda * variance + (1 - lambda) * r * r;
    out[t] = Math.sqrt(variance);
  }
  return out;
}

/** Natural logs of a price series. */
export function logPrices(close: ArrayLike<number>): Float64Array {
  const out = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) out[t] = Math.log(close[t] as number);
  return out;
}
