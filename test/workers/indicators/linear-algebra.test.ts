// Cholesky, Jacobi eigen-decomposition, covariance and long-only portfolio weights on matrices with known answers.
import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve } from '../../../workers/indicators/cholesky.js';
import { correlationFromCovariance, covarianceMatrix } from '../../../workers/indicators/covariance.js';
import { symmetricEigen } from '../../../workers/indicators/eigen.js';
import { maxSharpeWeights, minVarianceWeights, projectToSimplex } from '../../../workers/indicators/portfolio-weights.js';
import { Rng } from '../../../workers/indicators/prng.js';

const never = (): boolean => false;

/** A symmetric matrix Q·diag(values)·Qᵀ with a random orthogonal Q (Gram–Schmidt). */
function withEigenvalues(values: number[], seed: number): Float64Array {
  const n = values.length;
  const rng = new Rng(seed);
  const q: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      const d = v.reduce((a, x, i) => a + x * (u[i] as number), 0);
      v.forEach((x, i) => (v[i] = x - d * (u[i] as number)));
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = values.reduce((s, lambda, k) => s + lambda * (q[k]?.[i] as number) * (q[k]?.[j] as number), 0);
  return a;
}

describe('Cholesky', () => {
  it('factors and solves a positive-definite system', () => {
    const a = withEigenvalues([5, 3, 1, 0.5], 1);
    const l = cholesky(a, 4);
    expect(l).not.toBeNull();
    const x = choleskySolve(l as Float64Array, 4, [1, 2, 3, 4]);
    for (let i = 0; i < 4; i++) expect([0, 1, 2, 3].reduce((s, j) => s + (a[i * 4 + j] as number) * (x[j] as number), 0)).toBeCloseTo(i + 1, 10);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(cholesky(withEigenvalues([1, -1], 2), 2)).toBeNull();
  });
});

describe('Jacobi eigen-decomposition', () => {
  it('finds known eigenvalues (largest first) and orthonormal eigenvectors', () => {
    const values = [9, 4, 2.5, 1, 0.25, 0.1];
    const n = values.length;
    const a = withEigenvalues(values, 3);
    const eigen = symmetricEigen(a, n);
    expect(eigen).not.toBeNull();
    const { values: found, vectors } = eigen as NonNullable<typeof eigen>;
    values.forEach((v, k) => expect(found[k]).toBeCloseTo(v, 10));
    for (let k = 0; k < n; k++) {
      for (let m = 0; m < n; m++) {
        const d = [...Array(n).keys()].reduce((s, i) => s + (vectors[i * n + k] as number) * (vectors[i * n + m] as number), 0);
        expect(d).toBeCloseTo(k === m ? 1 : 0, 10);
      }
      // A·v = λ·v
      for (let i = 0; i < n; i++) {
        const av = [...Array(n).keys()].reduce((s, j) => s + (a[i * n + j] as number) * (vectors[j * n + k] as number), 0);
        expect(av).toBeCloseTo((found[k] as number) * (vectors[i * n + k] as number), 9);
      }
    }
  });

  it('stops when asked', () => {
    expect(symmetricEigen(withEigenvalues([3, 2, 1], 4), 3, () => true)).toBeNull();
  });
});

describe('covariance', () => {
  it('estimates a planted one-factor covariance', () => {
    const rng = new Rng(5);
    const length = 20_000;
    const factor = Float64Array.from({ length }, () => rng.normal());
    const returns = [1, 0.5, -1].map((beta) => Float64Array.from(factor, (f) => beta * f + 0.5 * rng.normal()));
    const cov = covarianceMatrix(returns, 0, length, never) as Float64Array;
    expect(cov[0]).toBeCloseTo(1.25, 1);
    expect(cov[1]).toBeCloseTo(0.5, 1);
    expect(cov[2]).toBeCloseTo(-1, 1);
    const corr = correlationFromCovariance(cov, 3);
    expect(corr[0]).toBeCloseTo(1, 12);
    expect(corr[2]).toBeCloseTo(-0.8, 1);
  });
});

describe('long-only weights', () => {
  it('projects onto the simplex', () => {
    const w = projectToSimplex(Float64Array.from([0.9, 0.8, -2, 0.1]));
    expect(w.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    expect(w[0]).toBeCloseTo(0.55, 12);
  });

  it('gives min-variance weights ∝ 1/σ² for uncorrelated assets', () => {
    const cov = Float64Array.from([1, 0, 0, 0, 4, 0, 0, 0, 0.25]);
    const w = minVarianceWeights(cov, 3, 2000, never) as Float64Array;
    const inverse = [1, 0.25, 4];
    inverse.forEach((x, i) => expect(w[i]).toBeCloseTo(x / 5.25, 3));
  });

  it('puts max-Sharpe weight on the asset with the best return per unit of risk', () => {
    const cov = Float64Array.from([1, 0, 0, 1]);
    const mu = Float64Array.from([0.1, 0.3]);
    const w = maxSharpeWeights(mu, cov, 2, Float64Array.from([0.5, 0.5]), 500, never) as Float64Array;
    // Unconstrained tangency ∝ Σ⁻¹μ = (0.1, 0.3) → (0.25, 0.75), which is already long-only.
    expect(w[1]).toBeCloseTo(0.75, 2);
  });
});
