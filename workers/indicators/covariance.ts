// Sample covariance matrix of several equally long return series over [from, to), row-major n × n.
import type { StopCheck } from '../strategy-types.js';

/** Null when `shouldStop` fired before the matrix was complete. */
export function covarianceMatrix(
  returns: readonly ArrayLike<number>[],
  from: number,
  to: number,
  shouldStop: StopCheck,
): Float64Array | null {
  const n = returns.length;
  const length = to - from;
  const centred = returns.map((r) => {
    let sum = 0;
    for (let t = from; t < to; t++) sum += r[t] as number;
    const m = sum / length;
    const c = new Float64Array(length);
    for (let t = 0; t < length; t++) c[t] = (r[from + t] as number) - m;
    return c;
  });
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = centred[i] as Float64Array;
    for (let j = 0; j <= i; j++) {
      if (shouldStop()) return null;
      const cj = centred[j] as Float64Array;
      let sum = 0;
      for (let t = 0; t < length; t++) sum += (ci[t] as number) * (cj[t] as number);
      out[i * n + j] = out[j * n + i] = sum / (length - 1);
    }
  }
  return out;
}

/** Correlation matrix from a covariance matrix. */
export function correlationFromCovariance(cov: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = Math.sqrt((cov[i * n + i] as number) * (cov[j * n + j] as number));
      out[i * n + j] = d > 0 ? (cov[i * n + j] as number) / d : i === j ? 1 : 0;
    }
  }
  return out;
}
