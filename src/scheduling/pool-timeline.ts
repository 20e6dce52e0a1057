// What the worker pool did lately, across scans: which thread ran which scan's strategy when, how deep the queue was,
// and where workers were hard-aborted or replaced. The /debug pool view draws it; scheduling is debugged from it.
// Bounded: each list keeps its newest `cap` entries, so a busy server's memory stays flat.

/** One strategy task's time on one worker thread. Times are wall-clock ms. */
export interface PoolTaskSpan {
  threadId: number;
  /** null for background work (start-up calibration). */
  scanId: string | null;
  strategy: string;
  startedAt: number;
  /** null while running. */
  endedAt: number | null;
  /** The outcome status once ended (succeeded, timed_out, failed, …). */
  status: string | null;
  /** Started although predicted to miss its deadline (only on a thread that would otherwise idle). */
  speculative: boolean;
  /** Its worker was terminated (deadline passed without a cooperative stop, or cancel). */
  hardAborted: boolean;
  /** Which chunk of a chunked strategy the task ran (absent for a whole strategy). */
  chunk?: { index: number; total: number };
}

export type PoolMarkType = 'hard_abort' | 'preempted' | 'worker_created' | 'worker_destroyed';

export interface PoolMark {
  type: PoolMarkType;
  at: number;
  threadId: number | null;
  scanId?: string | null;
  strategy?: string;
}

export interface QueueSample {
  at: number;
  /** Tasks waiting for a thread, over every scan. */
  depth: number;
}

export interface PoolTimelineView {
  /** Tasks that may run at once. */
  threads: number;
  now: number;
  spans: PoolTaskSpan[];
  marks: PoolMark[];
  queue: QueueSample[];
}

export const DEFAULT_POOL_TIMELINE_CAP = 2_000;

/** Appends, trimming the oldest entries in batches: one splice per `cap` pushes, not one array shift per push. */
function pushBounded<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length >= 2 * cap) list.splice(0, list.length - cap);
}

export class PoolTimeline {
  readonly #cap: number;
  readonly #spans: PoolTaskSpan[] = [];
  readonly #marks: PoolMark[] = [];
  readonly #queue: QueueSample[] = [];
  #threads = 0;

  constructor(options: { cap?: number } = {}) {
    this.#cap = Math.max(1, options.cap ?? DEFAULT_POOL_TIMELINE_CAP);
  }

  setThreads(threads: number): void {
    this.#threads = threads;
  }

  /** Records a task that a worker started; end it with `taskEnded` on the returned span. */
  taskStarted(span: Omit<PoolTaskSpan, 'endedAt' | 'status' | 'hardAborted'>): PoolTaskSpan {
    const open: PoolTaskSpan = { ...span, endedAt: null, status: null, hardAborted: false };
    pushBounded(this.#spans, open, this.#cap);
    return open;
  }

  taskEnded(span: PoolTaskSpan, at: number, status: string, hardAborted: boolean): void {
    span.endedAt = at;
    span.status = status;
    span.hardAborted = hardAborted;
  }

  mark(mark: PoolMark): void {
    pushBounded(this.#marks, mark, this.#cap);
  }

  queueDepth(at: number, depth: number): void {
    const last = this.#queue[this.#queue.length - 1];
    if (last && last.depth === depth) return;
    // A dispatch moves the depth up and down within microseconds: keep one sample per millisecond, the last.
    if (last && Math.floor(last.at) === Math.floor(at)) {
      last.depth = depth;
      return;
    }
    pushBounded(this.#queue, { at, depth }, this.#cap);
  }

  /** Everything recorded since `since` (wall-clock ms), spans still running included; at most the newest `cap` of each. */
  view(now: number, since = 0): PoolTimelineView {
    const newest = <T>(list: T[]): T[] => list.slice(-this.#cap);
    return {
      threads: this.#threads,
      now,
      spans: newest(this.#spans).filter((s) => (s.endedAt ?? now) >= since).map((s) => ({ ...s })),
      marks: newest(this.#marks).filter((m) => m.at >= since),
      queue: newest(this.#queue).filter((q) => q.at >= since),
    };
  }
}
