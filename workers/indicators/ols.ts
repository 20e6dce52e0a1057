// Ordinary least squares. `simpleOls` fits y = a + b·x with the slope's standard error; `olsFromMoments` solves the
// normal equations (XᵀX)β = Xᵀy for regressions whose cross-products were accumulated without building X.
import { cholesky, choleskySolve } from './cholesky.js';

export interface SimpleFit {
  intercept: number;
  slope: number;
  /** Standard error of the slope. */
  slopeSe: number;
  /** Residual standard deviation (n − 2 degrees of freedom). */
  residualSd: number;
  n: number;
}

/** y = a + b·x over [from, to). */
export function simpleOls(x: ArrayLike<number>, y: ArrayLike<number>, from = 0, to = x.length): SimpleFit {
  const n = to - from;
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const rss = Math.max(syy - slope * sxy, 0);
  const residualSd = n > 2 ? Math.sqrt(rss / (n - 2)) : Number.NaN;
  const slopeSe = sxx > 0 ? residualSd / Math.sqrt(sxx) : Number.NaN;
  return { intercept: my - slope * mx, slope, slopeSe, residualSd, n };
}

export interface MultiFit {
  beta: Float64Array;
  /** Standard errors of the coefficients. */
  se: Float64Array;
  /** Covariance matrix of the coefficients, σ²·(XᵀX)⁻¹ (row-major k × k). */
  covariance: Float64Array;
  residualVariance: number;
}

/**
 * Solves the normal equations from accumulated moments: xtx = XᵀX (k × k, row-major), xty = Xᵀy, yty = yᵀy, n rows.
 * Returns null when XᵀX is singular.
 */
export function olsFromMoments(xtx: Float64Array, xty: Float64Array, yty: number, n: number, k: number): MultiFit | null {
  const l = cholesky(xtx, k);
  if (!l || n <= k) return null;
  const beta = choleskySolve(l, k, xty);
  let fitted = 0;
  for (let i = 0; i < k; i++) fitted += (beta[i] as number) * (xty[i] as number);
  const residualVariance = Math.max(yty - fitted, 0) / (n - k);
  const se = new Float64Array(k);
  const covariance = new Float64Array(k * k);
  const unit = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    unit.fill(0);
    unit[i] = 1;
    const column = choleskySolve(l, k, unit); // i-th column of (XᵀX)⁻¹
    for (let j = 0; j < k; j++) covariance[j * k + i] = residualVariance * (column[j] as number);
    se[i] = Math.sqrt(covariance[i * k + i] as number);
  }
  return { beta, se, covariance, residualVariance };
}
