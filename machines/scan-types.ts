// Types shared by the scan machine, the runner that feeds it, and the snapshot the HTTP layer serves.
import type { Opportunity } from './opportunity.js';

/** Every state a scan can be in, in lifecycle order; the final ones are FINAL_SCAN_STATES. (Declared once: schemas and
 * the compatibility payload derive from these.) */
export const SCAN_STATES = ['initiated', 'running', 'complete', 'partial', 'failed', 'cancelled'] as const;
export type ScanState = (typeof SCAN_STATES)[number];
export const FINAL_SCAN_STATES = ['complete', 'partial', 'failed', 'cancelled'] as const satisfies readonly ScanState[];
export type FinalScanState = (typeof FINAL_SCAN_STATES)[number];

export const STRATEGY_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'] as const;
export type StrategyStatus = (typeof STRATEGY_STATUSES)[number];
/** Statuses a strategy can no longer leave. */
export const SETTLED_STATUSES = ['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'] as const satisfies readonly StrategyStatus[];

/** Stable error codes a strategy can end with. */
export type StrategyErrorCode =
  | 'STRATEGY_FAILED'
  | 'UNKNOWN_STRATEGY'
  | 'WORKER_CRASHED'
  | 'WORKER_OUT_OF_MEMORY'
  | 'STRATEGY_TIMEOUT'
  | 'WOULD_MISS_DEADLINE'
  | 'INSTANCE_LOST'
  | 'NOT_PLACED'
  /** The scan's own statechart failed (a bug): its unsettled strategies end with this (machines/settle.ts). */
  | 'SCAN_ERROR';

export interface StrategyError {
  code: StrategyErrorCode;
  message: string;
}

/** Times are wall-clock ms since the epoch, as stamped by whoever sent the event. */
export interface StrategyRecord {
  id: string;
  status: StrategyStatus;
  startedAt: number | null;
  finishedAt: number | null;
  /** When the strategy is asked to stop; never later than the scan deadline. */
  deadlineAt: number | null;
  opportunities: number;
  truncated: boolean;
  error: StrategyError | null;
  /** Expected run time when the scan was planned, ms; null when the strategy had never been seen. */
  expectedMs: number | null;
  /** Planned after every strategy that can finish, because it had to be hard-killed in several consecutive runs. */
  quarantined: boolean;
  /** A strategy run as chunks (in parallel pool tasks): how many there are and how many have finished; null otherwise. */
  chunks: ChunkProgress | null;
  /** Once settled, the fraction of its chunks whose results its opportunities come from (a strategy run whole is one
   * chunk: 1 if it succeeded, 0 otherwise); null until it settles. */
  coverage: number | null;
}

export interface ChunkProgress {
  total: number;
  done: number;
}

/** How one strategy task ended, as reported by the runner. */
export type StrategyOutcome =
  | { status: 'succeeded' | 'timed_out'; at: number; opportunities: Opportunity[]; truncated: boolean; chunks?: ChunkProgress }
  | { status: 'failed'; at: number; error: StrategyError }
  | { status: 'skipped' | 'cancelled'; at: number; error?: StrategyError };

/** What a scan's plan ended up being: the two planned cases, or a fixed order a benchmark forced. */
export const PLAN_POLICIES = ['longest_first', 'most_finished', 'fifo', 'shortest_first'] as const;
export type PlanPolicy = (typeof PLAN_POLICIES)[number];

/** How the engine planned a scan when it was created (the scheduler re-plans as it learns; this is the first plan). */
export interface ScanPlanInfo {
  /** longest_first (everything fits), most_finished (not everything does), or a fixed order a benchmark forced. */
  policy: PlanPolicy;
  /** Wall-clock ms when the strategies predicted to fit should all be done; null when none is predicted to fit. */
  predictedFinishAt: number | null;
  /** Expected cost per strategy id, ms; null when never seen. */
  expectedMs: Record<string, number | null>;
  quarantined: string[];
}

/** What a scan was asked to do; everything a runner needs is derived from it. */
export interface ScanInput {
  strategies: string[];
  budgetMs: number;
  strategyTimeoutMs: number;
  /** Wall-clock ms at creation; the scan deadline is createdAt + budgetMs. */
  createdAt: number;
  /** The scan's id (runners group its tasks by it). */
  scanId: string;
  /** Opaque to the machine: handed to each strategy runner (symbols, portfolio, …). */
  params: unknown;
  /** The engine's plan for the scan, shown in snapshots; absent when the runner does not plan (tests). */
  plan?: ScanPlanInfo;
  /** What is left of the budget when the actor is built: less than budgetMs when the scan waited in a shared queue first. */
  budgetLeftMs?: number;
  /** The first snapshot version (default 1): a scan placed from a shared queue continues the versions written there. */
  version?: number;
}

/** Input of one strategy runner child. */
export interface RunStrategyInput {
  scanId: string;
  strategy: string;
  strategyTimeoutMs: number;
  budgetMs: number;
  scanDeadlineAt: number;
  params: unknown;
}

export type ScanEvent =
  | { type: 'STRATEGY.STARTED'; strategy: string; at: number; deadlineAt: number }
  | { type: 'STRATEGY.PROGRESS'; strategy: string; chunks: ChunkProgress }
  | { type: 'STRATEGY.SETTLED'; strategy: string; outcome: StrategyOutcome }
  | { type: 'CANCEL'; at: number };

export interface ScanContext {
  /** The requested strategies, in request order (the order snapshots list them in and runners are started in). */
  strategyIds: string[];
  /** The actor's id in the registry, handed to runners so the pool can group a scan's tasks. */
  scanId: string;
  strategies: Record<string, StrategyRecord>;
  /** Every opportunity found so far, ranked best first. */
  opportunities: Opportunity[];
  budgetMs: number;
  /** The budget timer's delay from the actor's start: budgetMs, less any time the scan waited before it was built. */
  budgetLeftMs: number;
  strategyTimeoutMs: number;
  createdAt: number;
  deadlineAt: number;
  /** When the first strategy started. */
  startedAt: number | null;
  /** Increments on every change of the scan; drives ETags, long-polls and SSE ids. */
  version: number;
  params: unknown;
  plan: { policy: PlanPolicy; predictedFinishAt: number | null } | null;
}

export interface ScanOutput {
  state: FinalScanState;
  strategies: StrategyRecord[];
  opportunities: Opportunity[];
}
