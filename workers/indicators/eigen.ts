// Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5): each rotation
// zeroes one off-diagonal entry; sweeps repeat until the off-diagonal mass is negligible. O(n³) per sweep, a handful of
// sweeps — plenty for the tens of symbols a correlation matrix has here.
import type { StopCheck } from '../strategy-types.js';

export interface Eigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Eigenvectors as columns, row-major n × n: vectors[i * n + k] is component i of eigenvector k. */
  vectors: Float64Array;
}

/** Decomposes the symmetric row-major n × n matrix `a` (not modified); null if `shouldStop` fired first. */
export function symmetricEigen(a: ArrayLike<number>, n: number, shouldStop: StopCheck = () => false): Eigen | null {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (m[p * n + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      if (shouldStop()) return null;
      for (let q = p + 1; q < n; q++) rotate(m, v, n, p, q);
    }
  }
  return sortDescending(m, v, n);
}

/** One Jacobi rotation in the (p, q) plane that zeroes m[p][q]. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = m[p * n + q] as number;
  if (Math.abs(apq) < 1e-300) return;
  const app = m[p * n + p] as number;
  const aqq = m[q * n + q] as number;
  const theta = (aqq - app) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p] as number;
    const mkq = m[k * n + q] as number;
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k] as number;
    const mqk = m[q * n + k] as number;
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function sortDescending(m: Float64Array, v: Float64Array, n: number): Eigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (m[j * n + j] as number) - (m[i * n + i] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, k) => {
    values[k] = m[source * n + source] as number;
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + source] as number;
  });
  return { values, vectors };
}
