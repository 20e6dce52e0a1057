// The queue in front of the worker pool. Piscina's own queue is FIFO across every caller, so a tight scan would wait
// behind all of a loose scan's tasks; here a task reaches Piscina only when a thread is free for it, and the dispatcher
// chooses which: earliest scan deadline first, then that scan's plan (src/scheduling/scan-plan.ts) recomputed with what
// the cost model knows now. A task predicted to miss its deadline is started only on a thread that would otherwise idle
// ("speculative", for truncated results), and gives its thread back as soon as a task that can finish is waiting.
// Event-driven: it decides when a task is queued, removed or released, never on a timer.
import type { StrategyCostModel } from './cost-model.js';
import { FIT_SAFETY, planScan, type SchedulingPolicy } from './scan-plan.js';
import type { RunawayQuarantine } from './runaway-quarantine.js';

export const CROSS_SCAN_ORDERS = ['edf', 'fifo'] as const;
/** How tasks of different scans are ordered: earliest deadline first, or scan arrival order (for comparison). */
export type CrossScanOrder = (typeof CROSS_SCAN_ORDERS)[number];

/** One task as the dispatcher sees it; the pool's task object implements it. */
export interface DispatchEntry {
  /** The scan it belongs to; null for background work (calibration), which always goes last. */
  readonly scanId: string | null;
  readonly strategy: string;
  /** Symbols the task runs over (costs depend on it). */
  readonly symbols: number;
  /** Wall-clock ms: the scan's deadline (EDF key) and the point its strategies must stop by. */
  readonly scanDeadlineAt: number;
  readonly stopAt: number;
  readonly strategyTimeoutMs: number;
  /** The share of its strategy's cost this task carries: 1, or 1/n for one of n chunks. */
  readonly costShare: number;
  /** Set by the dispatcher each time it weighs the task: it was predicted not to finish in time. */
  predictedMiss: boolean;
  /** The dispatcher hands it a thread. */
  grant(speculative: boolean): void;
  /** A speculative run is asked to give its thread back. */
  preempt(): void;
}

export interface DispatcherOptions {
  threads: number;
  costModel: StrategyCostModel;
  quarantine: RunawayQuarantine;
  policy?: SchedulingPolicy;
  crossScan?: CrossScanOrder;
  now?: () => number;
  /** Called with the number of queued tasks whenever it changes. */
  onQueueDepth?: (depth: number) => void;
}

interface QueueGroup {
  key: string | null;
  tasks: DispatchEntry[];
}

interface Running {
  entry: DispatchEntry;
  startedAt: number;
  speculative: boolean;
  preempted: boolean;
}

export class Dispatcher {
  readonly threads: number;
  readonly policy: SchedulingPolicy;
  readonly crossScan: CrossScanOrder;
  readonly #cost: StrategyCostModel;
  readonly #quarantine: RunawayQuarantine;
  readonly #now: () => number;
  readonly #onQueueDepth: (depth: number) => void;
  /** Queued tasks grouped by scan, each group in arrival order; groups sorted by the cross-scan order (ties: arrival). */
  readonly #groups: QueueGroup[] = [];
  readonly #running = new Map<DispatchEntry, Running>();
  #queued = 0;
  #pumpQueued = false;

  constructor(options: DispatcherOptions) {
    this.threads = Math.max(1, options.threads);
    this.policy = options.policy ?? 'planned';
    this.crossScan = options.crossScan ?? 'edf';
    this.#cost = options.costModel;
    this.#quarantine = options.quarantine;
    this.#now = options.now ?? Date.now;
    this.#onQueueDepth = options.onQueueDepth ?? (() => undefined);
  }

  get queued(): number {
    return this.#queued;
  }

  get running(): number {
    return this.#running.size;
  }

  /**
   * True while a new scan's first task would start at once: no scan task is waiting, and some thread is not held by a
   * scan task that can finish (background work and speculative runs give their threads way). Distributed mode takes a
   * scan from the shared queue only then.
   */
  get roomForScan(): boolean {
    if (this.#groups.some((g) => g.key !== null)) return false;
    let held = 0;
    for (const run of this.#running.values()) if (run.entry.scanId !== null && !run.speculative) held += 1;
    return held < this.threads;
  }

  enqueue(entry: DispatchEntry): void {
    let group = this.#groups.find((g) => g.key === entry.scanId);
    if (!group) {
      group = { key: entry.scanId, tasks: [] };
      this.#insertGroup(group, entry);
    }
    group.tasks.push(entry);
    this.#setQueued(this.#queued + 1);
    // A scan's tasks arrive one by one in the same tick (its runners start together): decide once all of them are here,
    // or the first one would be weighed alone.
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  /** Takes a task out of the queue; false if it was not queued (running, or never enqueued). */
  remove(entry: DispatchEntry): boolean {
    const gi = this.#groups.findIndex((g) => g.key === entry.scanId);
    const group = this.#groups[gi];
    const ti = group ? group.tasks.indexOf(entry) : -1;
    if (!group || ti < 0) return false;
    group.tasks.splice(ti, 1);
    if (group.tasks.length === 0) this.#groups.splice(gi, 1);
    this.#setQueued(this.#queued - 1);
    return true;
  }

  /** A granted task has settled: its thread is free. */
  release(entry: DispatchEntry): void {
    if (this.#running.delete(entry)) this.#pump();
  }

  /** Expected ms of a task, learned or prior (a chunk's share of its strategy's). */
  expectedMs(entry: Pick<DispatchEntry, 'strategy' | 'symbols' | 'costShare'>): number {
    return this.#cost.expectedOrPriorMs(entry.strategy, entry.symbols) * entry.costShare;
  }

  /**
   * Predicted ms from now until a thread is free for a new scan with this deadline: running tasks end when expected (or
   * by their own deadline; speculative ones give way at once), and queued tasks that would go first and can finish take
   * their turns before it.
   */
  predictWaitMs(scanDeadlineAt: number): number {
    const now = this.#now();
    const free: number[] = [];
    for (const run of this.#running.values()) {
      // A running task is hard-aborted by its scan's deadline at the latest.
      const hardStop = Math.min(run.entry.scanDeadlineAt, run.startedAt + run.entry.strategyTimeoutMs + (run.entry.scanDeadlineAt - run.entry.stopAt));
      const expectedLeft = Math.max(0, this.expectedMs(run.entry) - (now - run.startedAt));
      free.push(run.speculative ? 0 : Math.max(0, Math.min(expectedLeft, hardStop - now)));
    }
    while (free.length < this.threads) free.push(0);
    free.sort((a, b) => a - b);
    for (const group of this.#groups) {
      if (group.key === null) continue;
      for (const entry of group.tasks) {
        const first = this.crossScan === 'fifo' || entry.scanDeadlineAt <= scanDeadlineAt;
        if (!first || !this.#fitsAt(entry, now + (free[0] as number))) continue;
        free[0] = (free[0] as number) + this.expectedMs(entry);
        free.sort((a, b) => a - b);
      }
    }
    return free[0] as number;
  }

  #insertGroup(group: QueueGroup, entry: DispatchEntry): void {
    // Background work sorts after every scan; scans by deadline (EDF) or by arrival (FIFO, i.e. append).
    const before = (other: QueueGroup): boolean => {
      if (entry.scanId === null) return false;
      if (other.key === null) return true;
      return this.crossScan === 'edf' && entry.scanDeadlineAt < (other.tasks[0] as DispatchEntry).scanDeadlineAt;
    };
    const at = this.#groups.findIndex(before);
    this.#groups.splice(at < 0 ? this.#groups.length : at, 0, group);
  }

  #setQueued(depth: number): void {
    this.#queued = depth;
    this.#onQueueDepth(depth);
  }

  #fitsAt(entry: DispatchEntry, startAt: number): boolean {
    if (this.#quarantine.isQuarantined(entry.strategy)) return false;
    const deadline = Math.min(startAt + entry.strategyTimeoutMs, entry.stopAt);
    return startAt + this.expectedMs(entry) * FIT_SAFETY <= deadline;
  }

  /** Starts tasks while threads are free; otherwise makes speculative runs give way to tasks that can finish. */
  #pump(): void {
    while (this.#running.size < this.threads && this.#queued > 0) {
      const choice = this.#choose(this.#now());
      if (!choice) break;
      this.remove(choice.entry);
      this.#running.set(choice.entry, { entry: choice.entry, startedAt: this.#now(), speculative: choice.speculative, preempted: false });
      choice.entry.grant(choice.speculative);
    }
    if (this.#queued > 0 && this.#running.size >= this.threads) this.#preemptForWaitingWork();
  }

  #preemptForWaitingWork(): void {
    const speculative = [...this.#running.values()].filter((r) => r.speculative && !r.preempted);
    if (speculative.length === 0) return;
    const choice = this.#choose(this.#now());
    if (!choice || choice.speculative) return;
    // Background work gives way first, then the run whose scan has the latest deadline.
    speculative.sort((a, b) => b.entry.scanDeadlineAt - a.entry.scanDeadlineAt);
    const victim = speculative[0] as Running;
    victim.preempted = true;
    victim.entry.preempt();
  }

  /** The next task to start, and whether it starts against the prediction. */
  #choose(now: number): { entry: DispatchEntry; speculative: boolean } | undefined {
    if (this.policy !== 'planned') {
      const group = this.#groups[0];
      const next = group && this.#planned(group.tasks, now).order.find((entry) => now < entry.stopAt);
      return next && { entry: next, speculative: false };
    }
    let fallback: DispatchEntry | undefined;
    let quarantined: DispatchEntry | undefined;
    let background: DispatchEntry | undefined;
    let pick: DispatchEntry | undefined;
    for (const group of this.#groups) {
      const plan = this.#planned(group.tasks, now);
      // Every queued task is weighed, so one skipped at its scan's stop can say whether it was predicted to miss.
      for (const entry of plan.order) {
        // Past its stop point a task may not start at all, not even on an idle thread: its expiry is due.
        if (now >= entry.stopAt) {
          entry.predictedMiss = true;
          continue;
        }
        entry.predictedMiss = group.key === null || !plan.fits.has(entry) || !this.#fitsAt(entry, now);
        if (!entry.predictedMiss) pick ??= entry;
        else if (group.key === null) background ??= entry;
        else if (this.#quarantine.isQuarantined(entry.strategy)) quarantined ??= entry;
        else fallback ??= entry;
      }
      if (pick) return { entry: pick, speculative: false };
    }
    // Left-out tasks of scans (truncated results), then runaways, then background work.
    const speculative = fallback ?? quarantined ?? background;
    return speculative && { entry: speculative, speculative: true };
  }

  /** Ms until each thread running a task that can finish is expected to free (speculative runs give way, so count as free). */
  #busyFor(now: number): number[] {
    const busy: number[] = [];
    for (const run of this.#running.values()) {
      if (!run.speculative) busy.push(Math.max(0, this.expectedMs(run.entry) - (now - run.startedAt)));
    }
    return busy.sort((a, b) => a - b);
  }

  /**
   * One scan's queued tasks in its plan's order, planned over the time it has left, and those predicted to fit. The plan
   * is per strategy (a strategy finishes only when all its chunks do); a chunked strategy's queued chunks are its parts.
   */
  #planned(tasks: readonly DispatchEntry[], now: number): { order: DispatchEntry[]; fits: Set<DispatchEntry> } {
    const first = tasks[0];
    if (!first) return { order: [], fits: new Set() };
    const byStrategy = new Map<string, DispatchEntry[]>();
    for (const entry of tasks) {
      const entries = byStrategy.get(entry.strategy);
      if (entries) entries.push(entry);
      else byStrategy.set(entry.strategy, [entry]);
    }
    const items = [...byStrategy].map(([strategy, entries]) => ({
      strategy,
      expectedMs: entries.reduce((sum, entry) => sum + this.expectedMs(entry), 0),
      parts: entries.length,
      quarantined: this.#quarantine.isQuarantined(strategy),
    }));
    const plan = planScan(items, this.threads, first.stopAt - now, { policy: this.policy, ready: this.#busyFor(now) });
    const pick = (id: string): DispatchEntry[] => byStrategy.get(id) ?? [];
    return { order: plan.order.flatMap(pick), fits: new Set([...plan.fits].flatMap(pick)) };
  }
}
