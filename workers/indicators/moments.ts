// Sample moments over a range [from, to) of an array: the small statistics every strategy needs.

export function mean(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] as number;
  return to > from ? sum / (to - from) : Number.NaN;
}

/** Sample standard deviation (n − 1 denominator). */
export function stdev(x: ArrayLike<number>, from = 0, to = x.length): number {
  const m = mean(x, from, to);
  let squares = 0;
  for (let i = from; i < to; i++) {
    const d = (x[i] as number) - m;
    squares += d * d;
  }
  return to - from > 1 ? Math.sqrt(squares / (to - from - 1)) : Number.NaN;
}

/** Pearson correlation of x and y over [from, to). */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, from = 0, to = x.length): number {
  const mx = mean(x, from, to);
  const my = mean(y, from, to);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * t-ratio of the mean of x over [from, to) for a persistent series: the sample size is cut to its effective size
 * n·(1 − φ)/(1 + φ) under AR(1) autocorrelation φ.
 */
export function persistentMeanT(x: ArrayLike<number>, from: number, to: number, phi: number): number {
  const n = to - from;
  const m = mean(x, from, to);
  const sd = stdev(x, from, to);
  const rho = Math.min(Math.max(phi, 0), 0.999);
  const effective = Math.max((n * (1 - rho)) / (1 + rho), 2);
  return sd > 0 ? m / (sd / Math.sqrt(effective)) : 0;
}
