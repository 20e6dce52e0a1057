// Long-only, fully invested portfolio weights (w ≥ 0, Σw = 1) by projected gradient methods: a gradient step, then the
// Euclidean projection onto the simplex (Duchi, Shalev-Shwartz, Singer & Chandra 2008).
//   min-variance: minimise wᵀΣw, step 1/L with L = 2·trace(Σ) ≥ 2·λ_max (a safe Lipschitz bound);
//   max-Sharpe:   maximise μᵀw / √(wᵀΣw) by projected ascent with a backtracking step, started from min-variance.
import type { StopCheck } from '../strategy-types.js';

export function projectToSimplex(v: Float64Array): Float64Array {
  const sorted = Float64Array.from(v).sort().reverse();
  let cumulative = 0;
  let theta = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i] as number;
    const candidate = (cumulative - 1) / (i + 1);
    if ((sorted[i] as number) - candidate > 0) theta = candidate;
  }
  return Float64Array.from(v, (x) => Math.max(x - theta, 0));
}

function multiply(cov: Float64Array, w: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += (cov[i * n + j] as number) * (w[j] as number);
    out[i] = sum;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Null when stopped. */
export function minVarianceWeights(cov: Float64Array, n: number, iterations: number, shouldStop: StopCheck): Float64Array | null {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += cov[i * n + i] as number;
  const step = 1 / (2 * trace);
  let w: Float64Array = new Float64Array(n).fill(1 / n);
  for (let k = 0; k < iterations; k++) {
    if (k % 16 === 0 && shouldStop()) return null;
    const g = multiply(cov, w, n);
    w = projectToSimplex(Float64Array.from(w, (x, i) => x - step * 2 * (g[i] as number)));
  }
  return w;
}

export function sharpe(mu: Float64Array, cov: Float64Array, w: Float64Array, n: number): number {
  const variance = dot(w, multiply(cov, w, n));
  return variance > 0 ? dot(mu, w) / Math.sqrt(variance) : 0;
}

/** Null when stopped; the start point is returned unchanged when no asset has a positive expected return. */
export function maxSharpeWeights(mu: Float64Array, cov: Float64Array, n: number, start: Float64Array, iterations: number, shouldStop: StopCheck): Float64Array | null {
  let w = start;
  if (!mu.some((m) => m > 0)) return w;
  let current = sharpe(mu, cov, w, n);
  let step = 1;
  for (let k = 0; k < iterations && step > 1e-12; k++) {
    if (k % 16 === 0 && shouldStop()) return null;
    const sigmaW = multiply(cov, w, n);
    const variance = dot(w, sigmaW);
    const sd = Math.sqrt(variance);
    const ret = dot(mu, w);
    const gradient = Float64Array.from(mu, (m, i) => m / sd - (ret * (sigmaW[i] as number)) / (variance * sd));
    const scale = Math.sqrt(dot(gradient, gradient)) || 1;
    const candidate = projectToSimplex(Float64Array.from(w, (x, i) => x + (step * (gradient[i] as number)) / scale));
    const value = sharpe(mu, cov, candidate, n);
    if (value > current) {
      w = candidate;
      current = value;
      step *= 1.5;
    } else {
      step /= 2;
    }
  }
  return w;
}
