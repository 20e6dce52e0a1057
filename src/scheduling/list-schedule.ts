// Packing tasks of known cost onto identical threads: the arithmetic behind scan plans, admission predictions and the
// benchmarks' offline optimum. Pure functions over plain numbers.

/**
 * Makespan of a greedy list schedule: each task, in the given order, goes to the thread that frees first.
 * `ready` gives each thread's time until it is free (default: all free now).
 */
export function listScheduleMakespan(costs: readonly number[], threads: number, ready: readonly number[] = []): number {
  const free = Array.from({ length: Math.max(1, threads) }, (_, i) => ready[i] ?? 0);
  for (const cost of costs) {
    let best = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] as number) < (free[best] as number)) best = i;
    free[best] = (free[best] as number) + cost;
  }
  return Math.max(...free);
}

/** Longest-processing-time-first makespan (within 4/3 of the optimum, and usually at it for a handful of tasks). */
export function lptMakespan(costs: readonly number[], threads: number, ready: readonly number[] = []): number {
  return listScheduleMakespan([...costs].sort((a, b) => b - a), threads, ready);
}

/** Exact: can these tasks be split over `threads` threads so that none carries more than `window`? (Small n only.) */
export function packsWithin(costs: readonly number[], threads: number, window: number): boolean {
  const sorted = [...costs].sort((a, b) => b - a);
  if (sorted.length === 0) return true;
  if ((sorted[0] as number) > window) return false;
  if (sorted.reduce((a, b) => a + b, 0) > window * threads) return false;
  if (lptMakespan(sorted, threads) <= window) return true;
  const load = new Array<number>(Math.max(1, threads)).fill(0);
  const place = (i: number): boolean => {
    if (i === sorted.length) return true;
    const seen = new Set<number>();
    for (let t = 0; t < load.length; t++) {
      const before = load[t] as number;
      // Threads with equal load are interchangeable: trying one of them is enough.
      if (seen.has(before) || before + (sorted[i] as number) > window) continue;
      seen.add(before);
      load[t] = before + (sorted[i] as number);
      if (place(i + 1)) return true;
      load[t] = before;
    }
    return false;
  };
  return place(0);
}

/**
 * The most tasks that can all finish within `window` on `threads` threads. Taking the k cheapest is optimal (swapping a
 * chosen task for a cheaper unchosen one never breaks a packing), so only k is searched.
 */
export function maxFinishable(costs: readonly number[], threads: number, window: number): number {
  const sorted = [...costs].sort((a, b) => a - b);
  let best = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (!packsWithin(sorted.slice(0, k), threads, window)) break;
    best = k;
  }
  return best;
}
