// One strategy task's life: queued in the dispatcher → granted a thread → running on Piscina → settled, with its timers.
// Two-phase stop, whatever the cause (its deadline, a cancel, a preemption): the cooperative stop flag goes up; if a worker
// has started the task and it has not returned a grace later, it is aborted through Piscina's signal, which terminates
// that worker thread. A task no worker has started is never aborted (see `#stopEarly`). Every outcome teaches the cost
// model (a finished run its duration, a stopped one a lower bound) and the runaway quarantine.
import type { Piscina } from 'piscina';
import type { StrategyOutcome } from '../../machines/scan-types.js';
import type { StrategyParams } from '../../workers/strategy-types.js';
import type { StrategyTaskMessage, StrategyTaskReply } from '../../workers/strategy-worker.js';
import { TaskControl, wallNow } from '../../workers/task-control.js';
import type { StrategyCostModel } from '../scheduling/cost-model.js';
import type { DispatchEntry, Dispatcher } from '../scheduling/dispatcher.js';
import type { PoolTaskSpan, PoolTimeline } from '../scheduling/pool-timeline.js';
import type { RunawayQuarantine } from '../scheduling/runaway-quarantine.js';

export interface StrategyTaskRequest {
  /** The scan it belongs to; null for background work (calibration), which only uses threads nothing else wants. */
  scanId: string | null;
  strategy: string;
  params: StrategyParams;
  strategyTimeoutMs: number;
  /** The scan's whole budget: tight budgets get a shorter hard-abort grace (see `scanGraceMs`). */
  budgetMs: number;
  /** Wall-clock ms when the whole scan must be final. */
  scanDeadlineAt: number;
  /** Set when the task is one chunk of a chunked strategy (src/core/chunked-strategy-run.ts). */
  chunk?: TaskChunk;
}

/** One chunk of a chunked strategy: which one, its `plan` descriptor, and the strategy deadline all its chunks share. */
export interface TaskChunk {
  index: number;
  total: number;
  descriptor: unknown;
  /** The strategy's deadline, set once its first chunk starts (Infinity before): later chunks never run past it. */
  clock: { deadlineAt: number };
}

export interface RunHooks {
  /**
   * Aborting it cancels the task: a queued task leaves the queue; a granted or running one gets the stop flag, and its
   * worker is terminated only if the task started and has not returned a grace later. The outcome is `cancelled` for a
   * task that had started, `skipped` for one that had not.
   */
  signal?: AbortSignal;
  /** Called once, when a worker actually starts the task, with the deadline it applies. */
  onStart?: (startedAt: number, deadlineAt: number) => void;
}

/** What every task of one pool shares. */
export interface TaskContext {
  piscina: Piscina<StrategyTaskMessage, StrategyTaskReply>;
  dispatcher: Dispatcher;
  costModel: StrategyCostModel;
  quarantine: RunawayQuarantine;
  timeline: PoolTimeline;
  /** The configured grace between the stop flag and the hard abort. */
  graceMs: number;
  adjustRunning(delta: number): void;
}

/** The grace never takes more than a tenth of a tight budget (a 100 ms scan keeps 90 ms to work in), nor less than 5 ms. */
const GRACE_SHARE = 0.1;
const MIN_GRACE_MS = 5;

export function scanGraceMs(budgetMs: number, graceMs: number): number {
  return Math.min(graceMs, Math.max(MIN_GRACE_MS, Math.round(budgetMs * GRACE_SHARE)));
}

/** Why a task is asked to stop before it ends on its own: the scan must stop, the thread is wanted, the caller cancelled. */
type EarlyStop = 'expired' | 'preempted' | 'cancel';
/** Why a worker was terminated: a started task that outlived its grace, or the pool closing. */
type HardAbort = 'deadline' | 'preempted' | 'cancel' | 'expired';

function isAbortError(err: unknown): boolean {
  // Piscina's AbortError class is not exported; its name is the documented way to recognise it.
  return err instanceof Error && err.name === 'AbortError';
}

function workerFailure(err: unknown, at: number): StrategyOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { status: 'failed', at, error: { code: 'WORKER_OUT_OF_MEMORY', message } };
  return { status: 'failed', at, error: { code: 'WORKER_CRASHED', message } };
}

const WOULD_MISS = { code: 'WOULD_MISS_DEADLINE', message: 'not started: predicted not to finish before its deadline' } as const;

export class StrategyTask implements DispatchEntry {
  readonly scanId: string | null;
  readonly strategy: string;
  readonly symbols: number;
  readonly scanDeadlineAt: number;
  readonly stopAt: number;
  readonly strategyTimeoutMs: number;
  readonly costShare: number;
  predictedMiss = false;
  /** A chunk's partial result, once its worker returned it whole. */
  part: unknown;
  readonly #grace: number;
  readonly #control = new TaskControl();
  readonly #abort = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  #granted: ((run: boolean) => void) | undefined;
  /** The caller cancelled (or the pool is closing): the outcome is `cancelled` or `skipped`, whatever the worker returns. */
  #cancelled = false;
  #earlyStop: EarlyStop | null = null;
  #hardAbortArmed = false;
  #hardAborted: HardAbort | null = null;
  #speculative = false;
  #started = false;
  #settled = false;
  #span: PoolTaskSpan | undefined;

  constructor(
    private readonly ctx: TaskContext,
    private readonly request: StrategyTaskRequest,
    private readonly hooks: RunHooks,
  ) {
    this.scanId = request.scanId;
    this.strategy = request.strategy;
    this.symbols = request.params.symbols.length;
    this.scanDeadlineAt = request.scanDeadlineAt;
    this.strategyTimeoutMs = request.strategyTimeoutMs;
    this.costShare = request.chunk ? 1 / request.chunk.total : 1;
    this.#grace = scanGraceMs(request.budgetMs, ctx.graceMs);
    this.stopAt = request.scanDeadlineAt - this.#grace;
  }

  grant(speculative: boolean): void {
    this.#speculative = speculative;
    this.#granted?.(true);
  }

  /** Ends the task now, queued or running, without a grace (the pool is closing, and its close terminates every worker). */
  abortNow(): void {
    if (this.#leaveQueue()) return;
    this.#cancelled = true;
    this.#hardAbort('cancel');
  }

  /** The strategy's deadline passed (a chunk's siblings started earlier): leave the queue, or stop as at a deadline. */
  expire(): void {
    if (this.#settled) return;
    if (this.#leaveQueue()) return;
    this.#stopEarly('expired');
  }

  #leaveQueue(): boolean {
    if (!this.ctx.dispatcher.remove(this)) return false;
    this.#granted?.(false);
    return true;
  }

  preempt(): void {
    // Granted but not started yet (its worker is still loading) counts too: the worker sees the flag and returns at once.
    if (this.#settled || this.#earlyStop) return;
    this.ctx.timeline.mark({ type: 'preempted', at: wallNow(), threadId: this.#control.threadId, scanId: this.scanId, strategy: this.strategy });
    this.#stopEarly('preempted');
  }

  async settle(): Promise<StrategyOutcome> {
    const { signal } = this.hooks;
    if (signal?.aborted) return { status: 'skipped', at: wallNow() };
    let expired = false;
    const granted = new Promise<boolean>((resolve) => (this.#granted = resolve));
    const onAbort = (): void => {
      if (this.#leaveQueue() || this.#settled) return;
      this.#cancelled = true;
      this.#stopEarly('cancel');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // A task still queued when its scan must stop never starts; one granted a thread but not started yet returns at once
    // when a worker picks it up (the worker checks the clock and the flag before running anything).
    this.#after(this.stopAt, () => {
      expired = this.#leaveQueue();
      if (!expired && !this.#control.started) this.#stopEarly('expired');
    });
    this.ctx.dispatcher.enqueue(this);
    try {
      if (!(await granted)) return { status: 'skipped', at: wallNow(), ...(expired && this.predictedMiss ? { error: WOULD_MISS } : {}) };
      return this.#learn(await this.#run());
    } finally {
      this.#settled = true;
      for (const timer of this.#timers) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.#control.release();
    }
  }

  async #run(): Promise<StrategyOutcome> {
    void this.#control.whenStarted().then(() => this.#markStarted());
    try {
      const reply = await this.ctx.piscina.run(
        {
          strategy: this.request.strategy,
          params: this.request.params,
          strategyTimeoutMs: this.request.strategyTimeoutMs,
          scanStopAt: Math.min(this.stopAt, this.request.chunk?.clock.deadlineAt ?? Infinity),
          control: this.#control.buffer,
          chunk: this.request.chunk?.descriptor,
        },
        { signal: this.#abort.signal },
      );
      this.#markStarted(); // the reply can overtake the start notification
      return this.#cancelled ? this.#cancelledOutcome(reply.kind !== 'expired') : this.#fromReply(reply);
    } catch (err) {
      this.#markStarted();
      return this.#cancelled ? this.#cancelledOutcome(true) : this.#fromError(err);
    } finally {
      if (this.#started) this.ctx.adjustRunning(-1);
      this.ctx.dispatcher.release(this);
    }
  }

  #markStarted(): void {
    if (this.#started || this.#settled || !this.#control.started) return;
    this.#started = true;
    this.ctx.adjustRunning(1);
    const { startedAt, deadlineAt, threadId } = this.#control;
    const { chunk } = this.request;
    this.#span = this.ctx.timeline.taskStarted({
      threadId, scanId: this.scanId, strategy: this.strategy, startedAt, speculative: this.#speculative,
      ...(chunk ? { chunk: { index: chunk.index, total: chunk.total } } : {}),
    });
    this.hooks.onStart?.(startedAt, deadlineAt);
    // Phase 1: ask the strategy to stop (it also checks the clock itself). Phase 2: terminate its worker.
    this.#after(deadlineAt, () => this.#control.requestStop());
    this.#after(deadlineAt + this.#grace, () => this.#hardAbort('deadline'));
    // Stopped before a worker took it: the worker has seen the flag and returns at once; the grace is only a safety net.
    if (this.#earlyStop) this.#armHardAbort(this.#earlyStop);
  }

  /**
   * Phase 1 of a stop before the task's own deadline. The flag goes up now; the hard abort follows a grace after a worker
   * started the task, never sooner. A task granted a thread but not started is left to its worker: that worker may still
   * be loading its modules (Piscina 5.3 counts its first workers ready before they have loaded, and hands queued tasks to
   * still-booting workers before idle ready ones: piscinajs/piscina#1056), and Node 20 leaks the files open in a worker
   * terminated while loading — quick cancels used to leak descriptors until the process hit its file limit. Once loaded,
   * the worker picks the task up, sees the flag and returns at once. No race: the flag is stored before `started` is
   * read here, and the worker stores `started` before it reads the flag (sequentially consistent atomics on both sides),
   * so either this side sees the start and arms the abort, or the worker sees the flag.
   */
  #stopEarly(reason: EarlyStop): void {
    if (this.#settled) return;
    this.#earlyStop ??= reason;
    this.#control.requestStop();
    if (this.#control.started) this.#armHardAbort(reason);
  }

  #armHardAbort(reason: EarlyStop): void {
    if (this.#hardAbortArmed) return;
    this.#hardAbortArmed = true;
    this.#after(wallNow() + this.#grace, () => this.#hardAbort(reason));
  }

  /** Phase 2: terminate the worker running the task (or drop the task from Piscina's queue), unless it has returned. */
  #hardAbort(reason: HardAbort): void {
    if (this.#settled || this.#hardAborted || this.#control.returned) return;
    this.#hardAborted = this.#cancelled ? 'cancel' : reason;
    this.#control.requestStop();
    if (this.#control.started) this.ctx.timeline.mark({ type: 'hard_abort', at: wallNow(), threadId: this.#control.threadId, scanId: this.scanId, strategy: this.strategy });
    this.#abort.abort();
  }

  /** Ms the task ran until `at` (0 if it never started). */
  ranMs(at: number): number {
    return this.#started ? Math.max(0, at - this.#control.startedAt) : 0;
  }

  #after(at: number, fn: () => void): void {
    if (Number.isFinite(at)) this.#timers.push(setTimeout(fn, Math.max(0, at - wallNow())));
  }

  #fromReply(reply: StrategyTaskReply): StrategyOutcome {
    const at = wallNow();
    switch (reply.kind) {
      case 'done':
        return { status: reply.truncated ? 'timed_out' : 'succeeded', at, opportunities: reply.opportunities, truncated: reply.truncated };
      case 'part':
        if (!reply.truncated) this.part = reply.part;
        return { status: reply.truncated ? 'timed_out' : 'succeeded', at, opportunities: [], truncated: reply.truncated };
      case 'expired':
        return { status: 'skipped', at, ...(this.predictedMiss ? { error: WOULD_MISS } : {}) };
      case 'error':
        return { status: 'failed', at, error: { code: reply.code, message: reply.message } };
    }
  }

  /** A cancelled task ends `cancelled` if its strategy ran, `skipped` if it never did, whatever the worker returned. */
  #cancelledOutcome(ran: boolean): StrategyOutcome {
    return { status: ran && this.#started ? 'cancelled' : 'skipped', at: wallNow() };
  }

  #fromError(err: unknown): StrategyOutcome {
    const at = wallNow();
    if (!isAbortError(err)) return workerFailure(err, at);
    return this.#started ? { status: 'timed_out', at, opportunities: [], truncated: true } : { status: 'skipped', at };
  }

  /** Feeds the outcome to the cost model, the quarantine and the pool timeline. */
  #learn(outcome: StrategyOutcome): StrategyOutcome {
    const hardKilled = this.#hardAborted !== null && this.#started;
    if (this.#span) this.ctx.timeline.taskEnded(this.#span, outcome.at, outcome.status, hardKilled);
    if (!this.#started) return outcome;
    // A chunk's cost is its strategy's cost only summed over every chunk: src/core/chunked-strategy-run.ts teaches that.
    if (!this.request.chunk) {
      const ms = this.ranMs(outcome.at);
      if (outcome.status === 'succeeded') this.ctx.costModel.observe(this.strategy, this.symbols, { kind: 'finished', ms });
      if (outcome.status === 'timed_out') this.ctx.costModel.observe(this.strategy, this.symbols, { kind: 'censored', ms });
    }
    if (this.#hardAborted === 'deadline' || this.#hardAborted === 'preempted') this.ctx.quarantine.hardKilled(this.strategy);
    else if (outcome.status === 'succeeded' || outcome.status === 'timed_out') this.ctx.quarantine.finished(this.strategy);
    return outcome;
  }
}
