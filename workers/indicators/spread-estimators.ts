// Effective bid–ask spread estimated from prices alone, as a fraction of price.
// Roll (1984): bid–ask bounce makes successive price changes negatively autocorrelated; spread = 2·√(−cov(Δp_t, Δp_{t−1}))
//   (0 when the covariance is positive). Computed on log prices.
// Corwin & Schultz (2012): from two consecutive candles' high/low ranges,
//   β = ln²(H_t/L_t) + ln²(H_{t+1}/L_{t+1}),  γ = ln²(max H / min L over both),
//   α = (√(2β) − √β)/(3 − 2√2) − √(γ/(3 − 2√2)),  S = 2(e^α − 1)/(1 + e^α), negative estimates set to 0, then averaged.

export function rollSpread(close: ArrayLike<number>, from: number, to: number): number {
  let sumA = 0;
  let sumB = 0;
  let sumAB = 0;
  let n = 0;
  for (let t = from + 2; t < to; t++) {
    const a = Math.log((close[t] as number) / (close[t - 1] as number));
    const b = Math.log((close[t - 1] as number) / (close[t - 2] as number));
    sumA += a;
    sumB += b;
    sumAB += a * b;
    n++;
  }
  if (n < 2) return 0;
  const covariance = (sumAB - (sumA * sumB) / n) / (n - 1);
  return covariance < 0 ? 2 * Math.sqrt(-covariance) : 0;
}

const K = 3 - 2 * Math.SQRT2;

export function corwinSchultzSpread(high: ArrayLike<number>, low: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let t = from; t + 1 < to; t++) {
    const h0 = high[t] as number;
    const l0 = low[t] as number;
    const h1 = high[t + 1] as number;
    const l1 = low[t + 1] as number;
    const beta = Math.log(h0 / l0) ** 2 + Math.log(h1 / l1) ** 2;
    const gamma = Math.log(Math.max(h0, h1) / Math.min(l0, l1)) ** 2;
    const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / K - Math.sqrt(gamma / K);
    const spread = (2 * (Math.exp(alpha) - 1)) / (1 + Math.exp(alpha));
    sum += Math.max(spread, 0);
    n++;
  }
  return n > 0 ? sum / n : 0;
}
