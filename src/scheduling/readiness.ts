// Whether this process serves at full speed yet. Liveness (/healthz) is "the process answers"; readiness (/readyz) is
// "a scan sent here now is planned from known costs and runs on warm workers". It needs three things:
// - workers: every pool worker has loaded the strategy modules (module loading would eat the first scan's budget);
// - jit: every strategy has run on the workers (a worker's first runs of a strategy are JIT-cold, 3–10× slower);
// - costs: the cost of every strategy is known (calibrated, saved or read from the cluster), or calibration is off and
//   the process has taken what it could load.
// In distributed mode an instance takes no scan from the shared queue before it is ready (src/cluster/scan-puller.ts).
export const READINESS_CONDITIONS = ['workers', 'jit', 'costs'] as const;
export type ReadinessCondition = (typeof READINESS_CONDITIONS)[number];

/** What /readyz and the scan puller read. */
export interface ReadinessView {
  readonly ready: boolean;
  /** The conditions not met yet, in READINESS_CONDITIONS order. */
  waitingFor(): ReadinessCondition[];
  /** Seconds from process start to ready; null before. */
  readonly secondsToReady: number | null;
}

export class Readiness implements ReadinessView {
  readonly #pending = new Set<ReadinessCondition>(READINESS_CONDITIONS);
  readonly #uptime: () => number;
  readonly #waiters: Array<() => void> = [];
  #secondsToReady: number | null = null;

  /** `uptime` gives seconds since the process started (process.uptime; tests pass their own). */
  constructor(uptime: () => number = () => process.uptime()) {
    this.#uptime = uptime;
  }

  get ready(): boolean {
    return this.#pending.size === 0;
  }

  get secondsToReady(): number | null {
    return this.#secondsToReady;
  }

  waitingFor(): ReadinessCondition[] {
    return READINESS_CONDITIONS.filter((c) => this.#pending.has(c));
  }

  /** Records that `condition` holds; the last one makes the process ready (once). */
  satisfy(condition: ReadinessCondition): void {
    if (!this.#pending.delete(condition) || this.#pending.size > 0) return;
    this.#secondsToReady = this.#uptime();
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Resolves once ready. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
