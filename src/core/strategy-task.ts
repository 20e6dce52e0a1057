// One strategy task's life, as two named states (`Phase` and `Stop`, src/core/task-lifecycle.ts): where it is (created → queued in the
// dispatcher → handed to Piscina → running on a worker → ended), and how far stopping it has gone.
// Two-phase stop, whatever the cause (its deadline, a cancel, a preemption): the cooperative stop flag goes up; if a worker
// has started the task and it has not returned a grace later, it is aborted through Piscina's signal, which terminates
// that worker thread. A task no worker has started is never aborted (see `#askToStop`). Every outcome teaches the cost
// model (a finished run its duration, a stopped one a lower bound) and the runaway quarantine.
import type { Piscina } from 'piscina';
import type { StrategyOutcome } from '../../machines/scan-types.js';
import type { StrategyParams } from '../../workers/strategy-types.js';
import type { StrategyTaskMessage, StrategyTaskReply } from '../../workers/strategy-worker.js';
import { TaskControl, wallNow } from '../../workers/task-control.js';
import type { StrategyCostModel } from '../scheduling/cost-model.js';
import type { DispatchEntry, Dispatcher } from '../scheduling/dispatcher.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import type { RunawayQuarantine } from '../scheduling/runaway-quarantine.js';
import type { EarlyStop, Phase, Stop, Termination } from './task-lifecycle.js';
import { cancelledOutcome, errorOutcome, replyOutcome, skippedOutcome } from './task-outcome.js';

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
  /**
   * false: its run time teaches the cost model nothing. The JIT warm-up (src/scheduling/warm-up.ts) runs code that is
   * cold by design, 1.5–6× slower than the same run a moment later; learned, it made plans and saved costs pessimistic.
   */
  teaches?: boolean;
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
  #phase: Phase = { name: 'created' };
  #stop: Stop = { stage: 'none' };
  /** Not a phase but a verdict: the caller cancelled (or the pool is closing), so the outcome is `cancelled` or `skipped`
   * whatever the worker returns, while `#stop` keeps why the worker was stopped (the quarantine learns from that). */
  #cancelled = false;

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

  /** queued → handed: the dispatcher gives it a thread. */
  grant(speculative: boolean): void {
    if (this.#phase.name !== 'queued') return;
    const { grant } = this.#phase;
    this.#phase = { name: 'handed', speculative };
    grant(true);
  }

  /** Ends the task now, queued or running, without a grace (the pool is closing, and its close terminates every worker). */
  abortNow(): void {
    if (this.#leaveQueue()) return;
    this.#cancelled = true;
    this.#terminate('cancel');
  }

  /** The strategy's deadline passed (a chunk's siblings started earlier): leave the queue, or stop as at a deadline. */
  expire(): void {
    if (this.#leaveQueue()) return;
    this.#askToStop('expired');
  }

  /** A speculative run gives its thread back. Handed but not started yet (its worker is still loading) counts too: the
   * worker sees the flag and returns at once. Asked once only. */
  preempt(): void {
    if (this.#phase.name === 'ended' || this.#stop.stage !== 'none') return;
    this.ctx.timeline.mark({ type: 'preempted', at: wallNow(), threadId: this.#control.threadId, scanId: this.scanId, strategy: this.strategy });
    this.#askToStop('preempted');
  }

  /** Runs the task through its whole life; resolves with its outcome, once. */
  async settle(): Promise<StrategyOutcome> {
    const { signal } = this.hooks;
    if (signal?.aborted) {
      this.#phase = { name: 'ended', run: null };
      return skippedOutcome(wallNow(), false);
    }
    let atStopPoint = false;
    const granted = new Promise<boolean>((resolve) => (this.#phase = { name: 'queued', grant: resolve }));
    const onAbort = (): void => {
      if (this.#leaveQueue() || this.#phase.name === 'ended') return;
      this.#cancelled = true;
      this.#askToStop('cancel');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // A task still queued when its scan must stop never starts; one handed to a worker that has not started it yet returns
    // at once when the worker picks it up (the worker checks the clock and the flag before running anything).
    this.#after(this.stopAt, () => {
      atStopPoint = this.#leaveQueue();
      if (!atStopPoint && !this.#control.started) this.#askToStop('expired');
    });
    this.ctx.dispatcher.enqueue(this);
    try {
      if (!(await granted)) return skippedOutcome(wallNow(), atStopPoint && this.predictedMiss);
      return this.#learn(await this.#run());
    } finally {
      if (this.#phase.name !== 'ended') this.#phase = { name: 'ended', run: null }; // only if something above threw
      for (const timer of this.#timers) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.#control.release();
    }
  }

  /** queued → ended, without running: true if it was still in the dispatcher's queue. */
  #leaveQueue(): boolean {
    if (this.#phase.name !== 'queued' || !this.ctx.dispatcher.remove(this)) return false;
    const { grant } = this.#phase;
    this.#phase = { name: 'ended', run: null };
    grant(false);
    return true;
  }

  /** handed → running → ended: one run on Piscina, whatever stops it. */
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
      if (this.#cancelled) return cancelledOutcome(this.#phase.name === 'running' && reply.kind !== 'expired', wallNow());
      if (reply.kind === 'part' && !reply.truncated) this.part = reply.part;
      return replyOutcome(reply, wallNow(), this.predictedMiss);
    } catch (err) {
      this.#markStarted();
      const started = this.#phase.name === 'running';
      return this.#cancelled ? cancelledOutcome(started, wallNow()) : errorOutcome(err, wallNow(), started);
    } finally {
      const run = this.#phase.name === 'running' ? this.#phase.run : null;
      if (run) this.ctx.adjustRunning(-1);
      this.#phase = { name: 'ended', run };
      this.ctx.dispatcher.release(this);
    }
  }

  /** handed → running, once a worker has announced the start: the deadline's own two-phase stop is armed from here. */
  #markStarted(): void {
    if (this.#phase.name !== 'handed' || !this.#control.started) return;
    const { speculative } = this.#phase;
    this.ctx.adjustRunning(1);
    const { startedAt, deadlineAt, threadId } = this.#control;
    const { chunk } = this.request;
    const span = this.ctx.timeline.taskStarted({
      threadId, scanId: this.scanId, strategy: this.strategy, startedAt, speculative,
      ...(chunk ? { chunk: { index: chunk.index, total: chunk.total } } : {}),
    });
    this.#phase = { name: 'running', run: { startedAt, speculative, span } };
    this.hooks.onStart?.(startedAt, deadlineAt);
    // Phase 1: ask the strategy to stop (it also checks the clock itself). Phase 2: terminate its worker.
    this.#after(deadlineAt, () => this.#control.requestStop());
    this.#after(deadlineAt + this.#grace, () => this.#terminate('deadline'));
    // Stopped before a worker took it: the worker has seen the flag and returns at once; the grace is only a safety net.
    this.#armTermination();
  }

  /**
   * Phase 1 of a stop before the task's own deadline: none → asked (the first reason is kept). The flag goes up now; the
   * hard abort follows a grace after a worker started the task, never sooner. A task handed to a worker that has not
   * started it is left to that worker: it may still be loading its modules (Piscina 5.3 counts its first workers ready
   * before they have loaded, and hands queued tasks to still-booting workers before idle ready ones:
   * piscinajs/piscina#1056), and Node 20 leaks the files open in a worker terminated while loading — quick cancels used
   * to leak descriptors until the process hit its file limit. Once loaded, the worker picks the task up, sees the flag
   * and returns at once. No race: the flag is stored before `started` is read here, and the worker stores `started`
   * before it reads the flag (sequentially consistent atomics on both sides), so either this side sees the start and
   * arms the abort, or the worker sees the flag.
   */
  #askToStop(reason: EarlyStop): void {
    if (this.#phase.name === 'ended') return;
    if (this.#stop.stage === 'none') this.#stop = { stage: 'asked', reason, armed: false };
    this.#control.requestStop();
    if (this.#control.started) this.#armTermination();
  }

  /** asked → asked and armed: the hard abort is due a grace from now. A no-op unless asked and not yet armed. */
  #armTermination(): void {
    const stop = this.#stop;
    if (stop.stage !== 'asked' || stop.armed) return;
    this.#stop = { ...stop, armed: true };
    this.#after(wallNow() + this.#grace, () => this.#terminate(stop.reason));
  }

  /** Phase 2, → terminated: terminate the worker running the task (or drop it from Piscina's queue), unless it returned. */
  #terminate(reason: Termination): void {
    if (this.#phase.name === 'ended' || this.#stop.stage === 'terminated' || this.#control.returned) return;
    this.#stop = { stage: 'terminated', reason: this.#cancelled ? 'cancel' : reason };
    this.#control.requestStop();
    if (this.#control.started) this.ctx.timeline.mark({ type: 'hard_abort', at: wallNow(), threadId: this.#control.threadId, scanId: this.scanId, strategy: this.strategy });
    this.#abort.abort();
  }

  /** Ms the task ran until `at` (0 if it never started). */
  ranMs(at: number): number {
    const run = this.#phase.name === 'running' || this.#phase.name === 'ended' ? this.#phase.run : null;
    return run ? Math.max(0, at - run.startedAt) : 0;
  }

  #after(at: number, fn: () => void): void {
    if (Number.isFinite(at)) this.#timers.push(setTimeout(fn, Math.max(0, at - wallNow())));
  }

  /** Feeds the outcome to the cost model, the quarantine and the pool timeline. */
  #learn(outcome: StrategyOutcome): StrategyOutcome {
    const run = this.#phase.name === 'ended' ? this.#phase.run : null;
    if (!run) return outcome;
    const terminated = this.#stop.stage === 'terminated' ? this.#stop.reason : null;
    this.ctx.timeline.taskEnded(run.span, outcome.at, outcome.status, terminated !== null);
    // A chunk's cost is its strategy's cost only summed over every chunk: src/core/chunked-strategy-run.ts teaches that.
    if (!this.request.chunk && this.request.teaches !== false) {
      const ms = this.ranMs(outcome.at);
      if (outcome.status === 'succeeded') this.ctx.costModel.observe(this.strategy, this.symbols, { kind: 'finished', ms });
      if (outcome.status === 'timed_out') this.ctx.costModel.observe(this.strategy, this.symbols, { kind: 'censored', ms });
    }
    if (terminated === 'deadline' || terminated === 'preempted') this.ctx.quarantine.hardKilled(this.strategy);
    else if (outcome.status === 'succeeded' || outcome.status === 'timed_out') this.ctx.quarantine.finished(this.strategy);
    return outcome;
  }
}
