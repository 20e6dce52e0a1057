// The baseline the engine is compared with: a straight port of the replaced Python asyncio service. Strategies run on the
// main thread; each is started as its own task (asyncio.create_task → a later loop turn) and raced against a timeout
// (asyncio.wait_for → Promise.race), and the whole scan is raced against its budget (asyncio.wait(timeout=budget)).
// A timeout can only fire when the event loop is free, so a strategy that does not yield delays every timer, every
// other scan and every status request until it returns. Nothing here is specific to benchmarks: it is what such a port does.
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import type { Opportunity } from '../../machines/opportunity.js';
import type { MarketData } from '../../workers/market-data.js';
import type { StrategyDefinition, StrategyParams } from '../../workers/strategy-types.js';
import { wallNow } from '../../workers/task-control.js';

export interface BaselineScanRequest {
  userId: string;
  strategies: string[];
  budgetMs: number;
  strategyTimeoutMs: number;
  params: StrategyParams;
}

export type BaselineStrategyStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'skipped';

export interface BaselineStrategyRecord {
  id: string;
  status: BaselineStrategyStatus;
  durationMs: number | null;
  opportunities: number;
}

export interface BaselineScan {
  id: string;
  userId: string;
  state: 'running' | 'complete' | 'partial' | 'failed';
  createdAt: number;
  deadlineAt: number;
  finishedAt: number | null;
  strategies: BaselineStrategyRecord[];
  opportunities: Opportunity[];
}

export interface PromiseRaceRunnerOptions {
  catalogue: readonly StrategyDefinition[];
  market: MarketData;
  /** Finished scans kept for status reads (oldest dropped first). */
  maxRetained?: number;
  /**
   * Whether strategies get a stop-check that turns true at the scan deadline. The replaced service had none; giving one
   * makes the comparison about strategies that do not yield, not about cooperative ones.
   */
  cooperativeStop?: boolean;
}

const TIMED_OUT = Symbol('timed out');

/** A timer promise that can be cleared once the race it is in is decided, so finished scans leave no timers behind. */
function timeout(ms: number, timers: NodeJS.Timeout[]): Promise<typeof TIMED_OUT> {
  return new Promise((resolve) => timers.push(setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))));
}

export class PromiseRaceScanRunner {
  readonly #byId = new Map<string, StrategyDefinition>();
  readonly #scans = new Map<string, BaselineScan>();
  readonly #options: PromiseRaceRunnerOptions;
  #nextId = 1;

  constructor(options: PromiseRaceRunnerOptions) {
    this.#options = options;
    for (const s of options.catalogue) this.#byId.set(s.id, s);
  }

  /** Registers the scan and starts it; `done` resolves when the scan is final (never rejects). */
  start(request: BaselineScanRequest): { id: string; done: Promise<BaselineScan> } {
    const id = `b${this.#nextId++}`;
    const createdAt = wallNow();
    const scan: BaselineScan = {
      id,
      userId: request.userId,
      state: 'running',
      createdAt,
      deadlineAt: createdAt + request.budgetMs,
      finishedAt: null,
      strategies: request.strategies.map((s) => ({ id: s, status: 'queued', durationMs: null, opportunities: 0 })),
      opportunities: [],
    };
    this.#scans.set(id, scan);
    return { id, done: this.#run(scan, request) };
  }

  get(id: string): BaselineScan | undefined {
    return this.#scans.get(id);
  }

  async #run(scan: BaselineScan, request: BaselineScanRequest): Promise<BaselineScan> {
    const timers: NodeJS.Timeout[] = [];
    const perStrategy = scan.strategies.map((record) =>
      Promise.race([this.#runOne(scan, record, request.params), timeout(request.strategyTimeoutMs, timers)]).then((r) => {
        if (r === TIMED_OUT && record.status === 'running') record.status = 'timed_out';
      }),
    );
    await Promise.race([Promise.all(perStrategy), timeout(request.budgetMs, timers)]);
    for (const t of timers) clearTimeout(t);
    scan.finishedAt = wallNow();
    for (const record of scan.strategies) {
      if (record.status === 'queued') record.status = 'skipped';
      else if (record.status === 'running') record.status = 'timed_out';
    }
    const succeeded = scan.strategies.filter((r) => r.status === 'succeeded').length;
    scan.state = succeeded === scan.strategies.length ? 'complete' : succeeded > 0 ? 'partial' : 'failed';
    this.#retain(scan.id);
    return scan;
  }

  async #runOne(scan: BaselineScan, record: BaselineStrategyRecord, params: StrategyParams): Promise<void> {
    await nextLoopTurn();
    // asyncio cancels tasks that never started once the scan is over.
    if (scan.finishedAt !== null) return;
    const definition = this.#byId.get(record.id);
    const startedAt = wallNow();
    record.status = 'running';
    const deadlineAt = scan.deadlineAt;
    const shouldStop = this.#options.cooperativeStop ? () => wallNow() >= deadlineAt : () => false;
    try {
      if (!definition) throw new Error(`unknown strategy "${record.id}"`);
      const found = definition.run(this.#options.market, params, shouldStop);
      // A result that arrives after the scan ended is dropped, like the Python service's cancelled task's.
      if (scan.finishedAt !== null) return;
      record.status = 'succeeded';
      record.opportunities = found.length;
      scan.opportunities = [...scan.opportunities, ...found.map((o) => ({ ...o, strategy: record.id }))]
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, 100);
    } catch {
      if (scan.finishedAt === null) record.status = 'failed';
    } finally {
      if (scan.finishedAt === null) record.durationMs = Math.round(wallNow() - startedAt);
    }
  }

  #retain(id: string): void {
    const max = this.#options.maxRetained ?? 10_000;
    let finished = 0;
    for (const s of this.#scans.values()) if (s.finishedAt !== null) finished++;
    for (const [key, s] of this.#scans) {
      if (finished <= max) break;
      if (s.finishedAt !== null && key !== id) {
        this.#scans.delete(key);
        finished--;
      }
    }
  }
}
