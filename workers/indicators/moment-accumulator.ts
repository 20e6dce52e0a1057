// Running cross-products XᵀX, Xᵀy, yᵀy for a linear regression fed one row at a time, so that long series can be
// regressed without materialising the design matrix. Solve with olsFromMoments.
import { olsFromMoments, type MultiFit } from './ols.js';

export class MomentAccumulator {
  readonly k: number;
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  yty = 0;
  n = 0;

  constructor(k: number) {
    this.k = k;
    this.xtx = new Float64Array(k * k);
    this.xty = new Float64Array(k);
  }

  add(row: ArrayLike<number>, y: number): void {
    const k = this.k;
    for (let a = 0; a < k; a++) {
      const ra = row[a] as number;
      this.xty[a] = (this.xty[a] as number) + ra * y;
      for (let b = 0; b <= a; b++) this.xtx[a * k + b] = (this.xtx[a * k + b] as number) + ra * (row[b] as number);
    }
    this.yty += y * y;
    this.n++;
  }

  solve(): MultiFit | null {
    const k = this.k;
    const full = Float64Array.from(this.xtx);
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) full[a * k + b] = full[b * k + a] as number;
    return olsFromMoments(full, this.xty, this.yty, this.n, k);
  }
}
