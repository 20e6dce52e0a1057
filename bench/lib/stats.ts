// Summary statistics for benchmark samples. One definition of median and p99 for every suite, so figures compare.

/** Every figure a suite reports carries these: where the middle is, how bad the tail is, and how many samples. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  mean: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending samples (p in 0–100): p99 of 100 samples is the 99th value, not interpolated. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    min: n ? (sorted[0] as number) : Number.NaN,
    median: median(sorted),
    mean: n ? sorted.reduce((sum, x) => sum + x, 0) / n : Number.NaN,
    p99: percentile(sorted, 99),
    max: n ? (sorted[n - 1] as number) : Number.NaN,
  };
}

/** Element-wise ratios of two equally long sample lists (round i of `a` over round i of `b`): pairs never cross rounds. */
export function pairRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`pairRatios: ${a.length} vs ${b.length} samples`);
  return a.map((x, i) => x / (b[i] as number));
}
