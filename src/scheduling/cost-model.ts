// How long each strategy takes on this engine's market and pool, learned from every outcome:
// - a run that finished gives its duration; the estimate is the median of the last few, so a worker's first, JIT-cold run
//   (often 3–10× slower) is outvoted quickly while the model still follows lasting changes in load or data;
// - a run stopped at its deadline or hard-killed gives a lower bound (cost ≥ elapsed). A bound above the estimate raises
//   it past the bound, so a strategy that never fits stops being planned as if it did, instead of staying unknown forever;
// - a strategy never seen gets a prior (the median of what is known), so it neither leads every plan nor starves.
// One model per engine, and an engine has one market and one pool size: what a tiny market teaches is never used on heavy,
// and costs measured with the pool's real contention are the ones plans use. Scans over fewer symbols than the market
// scale the full-market cost linearly until their own size has been seen.

/** Finished runs the median is taken over. */
const WINDOW = 5;
/** A censored run lifts the estimate to this multiple of its elapsed time (a geometric search for the true cost). */
const CENSORED_GROWTH = 1.5;
/** The prior before anything at all is known; it only breaks ties, every order is then the request's. */
const EMPTY_PRIOR_MS = 50;

export type CostObservation = { kind: 'finished'; ms: number } | { kind: 'censored'; ms: number };

export interface CostEstimate {
  ms: number;
  /** Runs folded in (finished or censored). */
  samples: number;
  /** True while the estimate rests on a lower bound, not on a finished run. */
  censored: boolean;
  /** The newest finished durations, oldest first (at most WINDOW). */
  recent: readonly number[];
}

export class StrategyCostModel {
  readonly #estimates = new Map<string, CostEstimate>();
  readonly #universe: number;

  /** `universe` is the loaded market's symbol count: the size a default scan runs over. */
  constructor(universe: number) {
    this.#universe = Math.max(1, universe);
  }


  observe(strategy: string, symbols: number, observation: CostObservation): void {
    if (!(observation.ms >= 0) || !Number.isFinite(observation.ms)) return;
    const key = costKey(strategy, symbols);
    const previous = this.#estimates.get(key);
    const next = foldObservation(previous, observation);
    if (next === previous) return;
    this.#estimates.set(key, next);
  }

  /** The learned estimate for a strategy over `symbols` symbols, or undefined when never seen at all. */
  estimate(strategy: string, symbols: number = this.#universe): CostEstimate | undefined {
    const exact = this.#estimates.get(costKey(strategy, symbols));
    if (exact) return exact;
    const full = this.#estimates.get(costKey(strategy, this.#universe));
    if (!full) return undefined;
    return { ...full, ms: (full.ms * Math.max(1, symbols)) / this.#universe };
  }

  /** Expected ms, or undefined when unknown (snapshots show null then). */
  expectedMs(strategy: string, symbols?: number): number | undefined {
    return this.estimate(strategy, symbols)?.ms;
  }

  /** Expected ms, falling back to the prior for a strategy never seen. */
  expectedOrPriorMs(strategy: string, symbols?: number): number {
    return this.expectedMs(strategy, symbols) ?? this.priorMs();
  }

  /** The median of every finished-run estimate: a never-seen strategy is planned as a typical one. */
  priorMs(): number {
    const known = [...this.#estimates.values()].filter((e) => !e.censored).map((e) => e.ms);
    return known.length === 0 ? EMPTY_PRIOR_MS : median(known);
  }

}

function costKey(strategy: string, symbols: number): string {
  return `${strategy}\u0000${symbols}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function foldObservation(previous: CostEstimate | undefined, observation: CostObservation): CostEstimate {
  const samples = (previous?.samples ?? 0) + 1;
  if (observation.kind === 'finished') {
    // A finished run ends any lower-bound guess: it is a real measurement.
    const recent = [...(previous?.recent ?? []), observation.ms].slice(-WINDOW);
    return { ms: median(recent), samples, censored: false, recent };
  }
  // A lower bound at or below what we expect says nothing new.
  if (previous && previous.ms >= observation.ms) return previous;
  return { ms: observation.ms * CENSORED_GROWTH, samples, censored: true, recent: previous?.recent ?? [] };
}
