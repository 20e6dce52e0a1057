// How long each strategy takes on this engine's market and pool, learned from every outcome:
// - a run that finished gives its duration; the estimate is the median of the last few, so a worker's first, JIT-cold run
//   (often 3–10× slower) is outvoted quickly while the model still follows lasting changes in load or data;
// - a run stopped at its deadline or hard-killed gives a lower bound (cost ≥ elapsed). A bound above the estimate raises
//   it past the bound, so a strategy that never fits stops being planned as if it did, instead of staying unknown forever;
// - a strategy never seen gets a prior (the median of what is known), so it neither leads every plan nor starves.
// One model per engine, and an engine has one market and one pool size: what a tiny market teaches is never used on heavy,
// and costs measured with the pool's real contention are the ones plans use. Scans over fewer symbols than the market
// scale the full-market cost linearly until their own size has been seen.
// Each estimate remembers where it came from (COST_SOURCES), so views can say how far to trust a plan. Estimates can be
// exported and imported (saved state, src/scheduling/cost-file.ts; the cluster's, src/cluster/cost-sync.ts): an import
// never overrides what this process measured itself. A strategy known nowhere is planned from a guess (when one is
// given, src/scheduling/cost-guess.ts) before the median prior; a guess is never reported as an expected cost.

/** Finished runs the median is taken over. */
const WINDOW = 5;
/** A censored run lifts the estimate to this multiple of its elapsed time (a geometric search for the true cost). */
const CENSORED_GROWTH = 1.5;
/** The prior before anything at all is known; it only breaks ties, every order is then the request's. */
const EMPTY_PRIOR_MS = 50;

export type CostObservation = { kind: 'finished'; ms: number } | { kind: 'censored'; ms: number };

/**
 * Where an estimate came from: measured by this process's start-up calibration or by its scans, loaded from saved
 * state, read from the cluster — or, for a strategy known nowhere, guessed (never stored as an estimate).
 */
export const COST_SOURCES = ['calibrated', 'measured', 'saved', 'cluster', 'guessed'] as const;
export type CostSource = (typeof COST_SOURCES)[number];
/** The sources an estimate can have (a guess is never one). */
export type EstimateSource = Exclude<CostSource, 'guessed'>;

/** One estimate as it is saved and shared: plain JSON. */
export interface CostEntry {
  strategy: string;
  symbols: number;
  ms: number;
  samples: number;
  censored: boolean;
  recent: number[];
}

/** A first guess for a strategy known nowhere, over `symbols` symbols; undefined when it has none. */
export type CostGuess = (strategy: string, symbols: number) => number | undefined;

export interface CostEstimate {
  ms: number;
  /** Runs folded in (finished or censored). */
  samples: number;
  /** True while the estimate rests on a lower bound, not on a finished run. */
  censored: boolean;
  /** The newest finished durations, oldest first (at most WINDOW). */
  recent: readonly number[];
  source: EstimateSource;
}

export class StrategyCostModel {
  readonly #estimates = new Map<string, CostEstimate>();
  readonly #universe: number;
  readonly #listeners = new Set<() => void>();
  #guess: CostGuess = () => undefined;

  /** `universe` is the loaded market's symbol count: the size a default scan runs over. */
  constructor(universe: number) {
    this.#universe = Math.max(1, universe);
  }

  get universe(): number {
    return this.#universe;
  }

  /** `source` names who measured it: a scan here (default) or the start-up calibration. */
  observe(strategy: string, symbols: number, observation: CostObservation, source: 'measured' | 'calibrated' = 'measured'): void {
    if (!(observation.ms >= 0) || !Number.isFinite(observation.ms)) return;
    const key = costKey(strategy, symbols);
    const previous = this.#estimates.get(key);
    const next = foldObservation(previous, observation, source);
    if (next === previous) return;
    this.#estimates.set(key, next);
    this.#changed();
  }

  /** Marks an estimate as the calibration's (calibration runs report through the same path as scans). */
  markCalibrated(strategy: string, symbols: number): void {
    const estimate = this.#estimates.get(costKey(strategy, symbols));
    if (estimate && estimate.source === 'measured') this.#estimates.set(costKey(strategy, symbols), { ...estimate, source: 'calibrated' });
  }

  /** Every estimate (or those from `sources`), for saving or sharing. */
  exportEntries(sources?: readonly EstimateSource[]): CostEntry[] {
    return [...this.#estimates.entries()].filter(([, e]) => !sources || sources.includes(e.source)).map(([key, e]) => {
      const [strategy = '', symbols = '0'] = key.split('\u0000');
      return { strategy, symbols: Number(symbols), ms: e.ms, samples: e.samples, censored: e.censored, recent: [...e.recent] };
    });
  }

  /**
   * Adopts estimates from elsewhere (saved state, the cluster) where this process has measured nothing itself, or holds
   * only what an earlier import gave; returns how many it adopted. Entries are assumed valid (checked at the boundary).
   */
  importEntries(entries: readonly CostEntry[], source: 'saved' | 'cluster'): number {
    let adopted = 0;
    for (const entry of entries) {
      const key = costKey(entry.strategy, entry.symbols);
      const own = this.#estimates.get(key);
      if (own && (own.source === 'measured' || own.source === 'calibrated')) continue;
      const recent = entry.recent.slice(-WINDOW);
      this.#estimates.set(key, { ms: entry.ms, samples: entry.samples, censored: entry.censored, recent, source });
      adopted++;
    }
    if (adopted > 0) this.#changed();
    return adopted;
  }

  /** Sets the first guess used for strategies known nowhere. */
  useGuess(guess: CostGuess): void {
    this.#guess = guess;
  }

  /** Calls `listener` after every change of an estimate; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Where the full-market cost of `strategy` comes from now. */
  sourceOf(strategy: string, symbols: number = this.#universe): CostSource {
    return this.estimate(strategy, symbols)?.source ?? 'guessed';
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

  /**
   * What plans use: the estimate; for a strategy only ever stopped early, its lower bound or the first guess, whichever is
   * higher (a run cut after 23 ms says little about a strategy that takes 240: planned at the bound, it was started
   * where it could not finish); for a strategy never seen, the first guess, then the prior.
   */
  expectedOrPriorMs(strategy: string, symbols: number = this.#universe): number {
    const estimate = this.estimate(strategy, symbols);
    if (estimate && !estimate.censored) return estimate.ms;
    const guess = this.#guess(strategy, symbols);
    if (estimate) return Math.max(estimate.ms, guess ?? 0);
    return guess ?? this.priorMs();
  }

  /** The median of every finished-run estimate: a never-seen strategy is planned as a typical one. */
  priorMs(): number {
    const known = [...this.#estimates.values()].filter((e) => !e.censored).map((e) => e.ms);
    return known.length === 0 ? EMPTY_PRIOR_MS : median(known);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
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

function foldObservation(previous: CostEstimate | undefined, observation: CostObservation, source: EstimateSource): CostEstimate {
  const samples = (previous?.samples ?? 0) + 1;
  // A measurement here makes the estimate this process's own; the calibration keeps its name until a scan adds to it.
  const next = previous?.source === 'calibrated' && source === 'measured' ? 'measured' : source;
  if (observation.kind === 'finished') {
    // A finished run ends any lower-bound guess: it is a real measurement.
    const recent = [...(previous?.recent ?? []), observation.ms].slice(-WINDOW);
    return { ms: median(recent), samples, censored: false, recent, source: next };
  }
  // A lower bound at or below what we expect says nothing new.
  if (previous && previous.ms >= observation.ms) return previous;
  return { ms: observation.ms * CENSORED_GROWTH, samples, censored: true, recent: previous?.recent ?? [], source: next };
}
