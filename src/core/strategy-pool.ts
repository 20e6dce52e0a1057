// The process's one worker pool for strategies. Tasks wait in the deadline-aware dispatcher (src/scheduling/dispatcher.ts)
// and reach Piscina only when one of `threads` slots is free, so Piscina's FIFO queue never decides who runs next.
// Piscina keeps one warm spare worker beyond `threads`: a hard abort terminates its worker, and the next task starts on
// the spare at once instead of waiting 40–60 ms for the replacement to boot.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { StrategyOutcome } from '../../machines/scan-types.js';
import type { MarketData } from '../../workers/market-data.js';
import type { StrategyTaskMessage, StrategyTaskReply, StrategyWorkerData } from '../../workers/strategy-worker.js';
import { wallNow } from '../../workers/task-control.js';
import { compiledPath, compiledUrl } from '../compiled-path.js';
import { StrategyCostModel } from '../scheduling/cost-model.js';
import { Dispatcher, type CrossScanOrder } from '../scheduling/dispatcher.js';
import { PoolTimeline } from '../scheduling/pool-timeline.js';
import { DEFAULT_QUARANTINE_AFTER, RunawayQuarantine } from '../scheduling/runaway-quarantine.js';
import type { SchedulingPolicy } from '../scheduling/scan-plan.js';
import type { ChunkedWork, StrategyCatalogueModule } from '../../workers/strategy-types.js';
import { chunkParts } from '../scheduling/chunk-sizing.js';
import { runChunked, type ChunkedRunHooks } from './chunked-strategy-run.js';
import { StrategyTask, type StrategyTaskRequest, type TaskContext } from './strategy-task.js';

export type { StrategyTaskRequest };
export type RunHooks = ChunkedRunHooks;

export interface StrategyPoolOptions {
  /** Tasks that run at once (worker threads besides the spare). Default: available parallelism. */
  threads?: number;
  /** Time between the stop flag and the hard abort (shortened for tight budgets, see strategy-task.ts). */
  graceMs?: number;
  /** Module exporting `strategyCatalogue`; default: the real strategies. */
  catalogueUrl?: string;
  market: MarketData;
  /** Per-worker V8 old-generation limit; a strategy over it fails with WORKER_OUT_OF_MEMORY. */
  workerHeapMb?: number;
  /** Warm workers kept beyond `threads` (default 1); 0 brings back the replacement gap after a hard abort. */
  spareThreads?: number;
  /** Within-scan order: the engine's plan, or a fixed order (benchmarks compare against them). */
  policy?: SchedulingPolicy;
  /** Across scans: earliest deadline first (default) or arrival order. */
  crossScan?: CrossScanOrder;
  /** Consecutive hard kills that quarantine a strategy (default 3; 0 = off). */
  quarantineAfter?: number;
  /** Split chunked strategies into parallel tasks (default true); false runs every strategy whole, for comparisons. */
  chunking?: boolean;
  onQuarantine?: (strategy: string, quarantined: boolean, hardKills: number) => void;
  /** Receives pool-level errors that are not tied to a task (never thrown). */
  onError?: (err: unknown) => void;
}

export interface PoolStats {
  /** Tasks that may run at once. */
  threads: number;
  /** Worker threads alive, the warm spare included (one fewer for a moment after a hard abort). */
  workers: number;
  queued: number;
  running: number;
  utilization: number;
}

export const DEFAULT_GRACE_MS = 50;
export const DEFAULT_SPARE_THREADS = 1;
const WORKER_FILE = compiledPath('workers/strategy-worker');
const DEFAULT_CATALOGUE_URL = compiledUrl('workers/strategy-catalogue');

export class StrategyPool {
  readonly threads: number;
  readonly graceMs: number;
  readonly costModel: StrategyCostModel;
  readonly quarantine: RunawayQuarantine;
  readonly timeline = new PoolTimeline();
  readonly dispatcher: Dispatcher;
  readonly #pool: Piscina<StrategyTaskMessage, StrategyTaskReply>;
  readonly #context: TaskContext;
  /** Every task not yet settled: closing ends them, since Piscina's close waits for running tasks. */
  readonly #live = new Set<StrategyTask>();
  readonly #market: MarketData;
  readonly #catalogueUrl: string;
  readonly #chunking: boolean;
  /** The chunked strategies' map/reduce, loaded on this thread at construction: until then every strategy runs whole. */
  #chunked = new Map<string, ChunkedWork>();
  readonly #catalogueLoaded: Promise<void>;
  #running = 0;

  constructor(options: StrategyPoolOptions) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    const workers = this.threads + Math.max(0, options.spareThreads ?? DEFAULT_SPARE_THREADS);
    this.#market = options.market;
    this.#catalogueUrl = options.catalogueUrl ?? DEFAULT_CATALOGUE_URL;
    this.#chunking = options.chunking ?? true;
    this.#catalogueLoaded = this.#loadChunkedWork(options.onError ?? (() => undefined));
    const workerData: StrategyWorkerData = { catalogueUrl: this.#catalogueUrl, market: options.market };
    this.#pool = new Piscina({
      filename: WORKER_FILE,
      name: 'runStrategyTask',
      // min = max: with fewer minimum threads an aborted running task can leave queued tasks stuck (piscina 5.3.2).
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      workerData,
      resourceLimits: options.workerHeapMb ? { maxOldGenerationSizeMb: options.workerHeapMb } : undefined,
    });
    // Without a listener a stray worker error would crash the process.
    this.#pool.on('error', options.onError ?? (() => undefined));
    this.#pool.on('workerCreate', (w: { id: number }) => this.timeline.mark({ type: 'worker_created', at: wallNow(), threadId: w.id }));
    this.#pool.on('workerDestroy', (w: { id: number }) => this.timeline.mark({ type: 'worker_destroyed', at: wallNow(), threadId: w.id }));
    this.timeline.setThreads(this.threads);
    this.costModel = new StrategyCostModel(options.market.symbols.length);
    this.quarantine = new RunawayQuarantine({ after: options.quarantineAfter ?? DEFAULT_QUARANTINE_AFTER, onChange: options.onQuarantine });
    this.dispatcher = new Dispatcher({
      threads: this.threads,
      costModel: this.costModel,
      quarantine: this.quarantine,
      policy: options.policy,
      crossScan: options.crossScan,
      now: wallNow,
      onQueueDepth: (depth) => this.timeline.queueDepth(wallNow(), depth),
    });
    this.#context = {
      piscina: this.#pool,
      dispatcher: this.dispatcher,
      costModel: this.costModel,
      quarantine: this.quarantine,
      timeline: this.timeline,
      graceMs: this.graceMs,
      adjustRunning: (delta) => (this.#running += delta),
    };
  }

  get stats(): PoolStats {
    return {
      threads: this.threads,
      workers: this.#pool.threads.length,
      queued: this.dispatcher.queued + this.#pool.queueSize,
      running: this.#running,
      utilization: this.#pool.utilization,
    };
  }

  /** Piscina's run/wait time histograms, for benchmarks and metrics. */
  get histogram(): Piscina['histogram'] {
    return this.#pool.histogram;
  }

  /**
   * Resolves once every worker has loaded its modules. Piscina counts its first workers ready before they have, so a
   * scan posted right after start would otherwise wait for module loading inside its budget.
   */
  async ready(): Promise<void> {
    // One call per worker: each idle worker takes one (the 'ready' handler of workers/strategy-worker.ts takes no task).
    const ping = (): Promise<unknown> => this.#pool.run({} as StrategyTaskMessage, { name: 'ready' });
    await Promise.all([this.#catalogueLoaded, ...Array.from({ length: this.#pool.options.maxThreads }, ping)]);
  }

  async #loadChunkedWork(onError: (err: unknown) => void): Promise<void> {
    try {
      const catalogue = ((await import(this.#catalogueUrl)) as StrategyCatalogueModule).strategyCatalogue;
      this.#chunked = new Map(catalogue.flatMap((s) => (s.chunks ? [[s.id, s.chunks] as const] : [])));
    } catch (err) {
      onError(err); // the workers load the same module and will report it per task; strategies then run whole
    }
  }

  /** How many chunks a strategy would be split into now (1: it runs whole). */
  partsFor(strategy: string, symbols: number): number {
    if (!this.#chunking || !this.#chunked.has(strategy)) return 1;
    return chunkParts(this.costModel.expectedOrPriorMs(strategy, symbols), this.threads);
  }

  /** Runs one strategy to an outcome: as one pool task, or as chunks when it has them and is worth splitting. Never rejects. */
  run(request: StrategyTaskRequest, hooks: RunHooks = {}): Promise<StrategyOutcome> {
    const work = this.#chunked.get(request.strategy);
    const parts = this.partsFor(request.strategy, request.params.symbols.length);
    if (!work || parts < 2) return this.#startTask(request, hooks).settled;
    let descriptors: unknown[];
    try {
      descriptors = work.plan(this.#market, request.params, parts);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return Promise.resolve({ status: 'failed', at: wallNow(), error: { code: 'STRATEGY_FAILED', message: `plan: ${message}` } });
    }
    // Fewer than two chunks: the whole run gives the same result (the chunking contract) for one task's overhead.
    if (descriptors.length < 2) return this.#startTask(request, hooks).settled;
    const ctx = { market: this.#market, costModel: this.costModel, startTask: (r: StrategyTaskRequest, h: RunHooks) => this.#startTask(r, h) };
    return runChunked(ctx, work, descriptors, request, hooks);
  }

  #startTask(request: StrategyTaskRequest, hooks: RunHooks): { task: StrategyTask; settled: Promise<StrategyOutcome> } {
    const task = new StrategyTask(this.#context, request, hooks);
    this.#live.add(task);
    return { task, settled: task.settle().finally(() => this.#live.delete(task)) };
  }

  async close(): Promise<void> {
    for (const task of [...this.#live]) task.abortNow();
    await this.#pool.close({ force: true });
  }
}
