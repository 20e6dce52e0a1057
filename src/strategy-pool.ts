// The process's one worker pool for strategies, with a two-phase deadline per task:
// at the strategy's deadline the cooperative stop flag goes up; if the task has not returned `graceMs` later it is aborted
// through Piscina's signal, which terminates that worker thread (Piscina spawns a replacement).
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { StrategyOutcome } from '../machines/scan-types.js';
import type { MarketData } from '../workers/market-data.js';
import type { StrategyParams } from '../workers/strategy-types.js';
import type { StrategyTaskMessage, StrategyTaskReply, StrategyWorkerData } from '../workers/strategy-worker.js';
import { TaskControl, wallNow } from '../workers/task-control.js';
import { compiledPath, compiledUrl } from './compiled-path.js';

export interface StrategyPoolOptions {
  /** Worker threads (min = max). Default: available parallelism. */
  threads?: number;
  /** Time between the stop flag and the hard abort. */
  graceMs?: number;
  /** Module exporting `strategyCatalogue`; default: the real strategies. */
  catalogueUrl?: string;
  market: MarketData;
  /** Per-worker V8 old-generation limit; a strategy over it fails with WORKER_OUT_OF_MEMORY. */
  maxHeapMb?: number;
  /** Receives pool-level errors that are not tied to a task (never thrown). */
  onError?: (err: unknown) => void;
}

export interface StrategyTaskRequest {
  strategy: string;
  params: StrategyParams;
  strategyTimeoutMs: number;
  /** Wall-clock ms when the whole scan must be final. */
  scanDeadlineAt: number;
}

export interface RunHooks {
  /** Aborting it stops the task: a queued task never starts, a running one is terminated. */
  signal?: AbortSignal;
  /** Called once, when a worker actually starts the task, with the deadline it applies. */
  onStart?: (startedAt: number, deadlineAt: number) => void;
}

export interface PoolStats {
  threads: number;
  queued: number;
  running: number;
  utilization: number;
}

const DEFAULT_GRACE_MS = 50;
const WORKER_FILE = compiledPath('workers/strategy-worker');
const DEFAULT_CATALOGUE_URL = compiledUrl('workers/strategy-catalogue');

function isAbortError(err: unknown): boolean {
  // Piscina's AbortError class is not exported; its name is the documented way to recognise it.
  return err instanceof Error && err.name === 'AbortError';
}

function workerFailure(err: unknown, at: number): StrategyOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { status: 'failed', at, error: { code: 'WORKER_OUT_OF_MEMORY', message } };
  }
  return { status: 'failed', at, error: { code: 'WORKER_CRASHED', message } };
}

export class StrategyPool {
  readonly threads: number;
  readonly graceMs: number;
  readonly #pool: Piscina<StrategyTaskMessage, StrategyTaskReply>;
  #running = 0;

  constructor(options: StrategyPoolOptions) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    const workerData: StrategyWorkerData = {
      catalogueUrl: options.catalogueUrl ?? DEFAULT_CATALOGUE_URL,
      market: options.market,
    };
    this.#pool = new Piscina({
      filename: WORKER_FILE,
      name: 'runStrategyTask',
      // min = max: with fewer minimum threads an aborted running task can leave queued tasks stuck (piscina 5.3.2).
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
      workerData,
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
    });
    const onError = options.onError ?? (() => undefined);
    // Without a listener a stray worker error would crash the process.
    this.#pool.on('error', onError);
  }

  get stats(): PoolStats {
    return {
      threads: this.#pool.threads.length,
      queued: this.#pool.queueSize,
      running: this.#running,
      utilization: this.#pool.utilization,
    };
  }

  /** Piscina's run/wait time histograms, for benchmarks and metrics. */
  get histogram(): Piscina['histogram'] {
    return this.#pool.histogram;
  }

  /** Runs one strategy task to an outcome. Never rejects. */
  run(request: StrategyTaskRequest, hooks: RunHooks = {}): Promise<StrategyOutcome> {
    return new StrategyTask(this, this.#pool, request, hooks).settle();
  }

  /** @internal bookkeeping for `stats.running`. */
  adjustRunning(delta: number): void {
    this.#running += delta;
  }

  async close(): Promise<void> {
    await this.#pool.close({ force: true });
  }
}

/** One task's life: queued → running → settled, with its timers. */
class StrategyTask {
  readonly #control = new TaskControl();
  readonly #abort = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  /** Why we aborted the Piscina task, if we did. */
  #abortReason: 'expired' | 'deadline' | 'external' | null = null;
  #started = false;
  #settled = false;

  constructor(
    private readonly owner: StrategyPool,
    private readonly pool: Piscina<StrategyTaskMessage, StrategyTaskReply>,
    private readonly request: StrategyTaskRequest,
    private readonly hooks: RunHooks,
  ) {}

  async settle(): Promise<StrategyOutcome> {
    const { signal } = this.hooks;
    if (signal?.aborted) return { status: 'skipped', at: wallNow() };
    const scanStopAt = this.request.scanDeadlineAt - this.owner.graceMs;
    const onAbort = (): void => this.#stop('external');
    signal?.addEventListener('abort', onAbort, { once: true });
    // A task still queued when its scan must stop never starts.
    this.#after(scanStopAt, () => {
      if (!this.#control.started) this.#stop('expired');
    });
    void this.#control.whenStarted().then(() => this.#markStarted());
    try {
      const reply = await this.pool.run(
        {
          strategy: this.request.strategy,
          params: this.request.params,
          strategyTimeoutMs: this.request.strategyTimeoutMs,
          scanStopAt,
          control: this.#control.buffer,
        },
        { signal: this.#abort.signal },
      );
      this.#markStarted(); // the reply can overtake the start notification
      return this.#fromReply(reply);
    } catch (err) {
      this.#markStarted();
      return this.#fromError(err);
    } finally {
      this.#settled = true;
      if (this.#started) this.owner.adjustRunning(-1);
      for (const timer of this.#timers) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.#control.release();
    }
  }

  #markStarted(): void {
    if (this.#started || this.#settled || !this.#control.started) return;
    this.#started = true;
    this.owner.adjustRunning(1);
    const deadlineAt = this.#control.deadlineAt;
    this.hooks.onStart?.(this.#control.startedAt, deadlineAt);
    // Phase 1: ask the strategy to stop (it also checks the clock itself). Phase 2: terminate its worker.
    this.#after(deadlineAt, () => this.#control.requestStop());
    this.#after(deadlineAt + this.owner.graceMs, () => this.#stop('deadline'));
  }

  #stop(reason: 'expired' | 'deadline' | 'external'): void {
    if (this.#settled || this.#abortReason) return;
    this.#abortReason = reason;
    this.#control.requestStop();
    this.#abort.abort();
  }

  #after(at: number, fn: () => void): void {
    this.#timers.push(setTimeout(fn, Math.max(0, at - wallNow())));
  }

  #fromReply(reply: StrategyTaskReply): StrategyOutcome {
    const at = wallNow();
    switch (reply.kind) {
      case 'done':
        return {
          status: reply.truncated ? 'timed_out' : 'succeeded',
          at,
          opportunities: reply.opportunities,
          truncated: reply.truncated,
        };
      case 'expired':
        return { status: 'skipped', at };
      case 'error':
        return { status: 'failed', at, error: { code: reply.code, message: reply.message } };
    }
  }

  #fromError(err: unknown): StrategyOutcome {
    const at = wallNow();
    if (!isAbortError(err)) return workerFailure(err, at);
    switch (this.#abortReason) {
      case 'deadline':
        return { status: 'timed_out', at, opportunities: [], truncated: true };
      case 'external':
        return { status: this.#started ? 'cancelled' : 'skipped', at };
      default:
        return { status: 'skipped', at };
    }
  }
}
