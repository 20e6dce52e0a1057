// Types shared by the scan machine, the runner that feeds it, and the snapshot the HTTP layer serves.
import type { Opportunity } from './opportunity.js';

export type StrategyStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'skipped';
export type ScanState = 'initiated' | 'running' | 'complete' | 'partial' | 'failed' | 'cancelled';
export type FinalScanState = Exclude<ScanState, 'initiated' | 'running'>;

/** Stable error codes a strategy can end with. */
export type StrategyErrorCode =
  | 'STRATEGY_FAILED'
  | 'UNKNOWN_STRATEGY'
  | 'WORKER_CRASHED'
  | 'WORKER_OUT_OF_MEMORY'
  | 'STRATEGY_TIMEOUT';

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
}

/** How one strategy task ended, as reported by the runner. */
export type StrategyOutcome =
  | { status: 'succeeded' | 'timed_out'; at: number; opportunities: Opportunity[]; truncated: boolean }
  | { status: 'failed'; at: number; error: StrategyError }
  | { status: 'skipped' | 'cancelled'; at: number };

/** What a scan was asked to do; everything a runner needs is derived from it. */
export interface ScanInput {
  strategies: string[];
  budgetMs: number;
  strategyTimeoutMs: number;
  /** Wall-clock ms at creation; the scan deadline is createdAt + budgetMs. */
  createdAt: number;
  /** Opaque to the machine: handed to each strategy runner (symbols, portfolio, …). */
  params: unknown;
  /**
   * Order in which strategies are handed to the runner (and so queued on the pool); default: `strategies` order.
   * Ids not in `strategies` are ignored and missing ones go last, so any list is safe.
   */
  dispatchOrder?: string[];
}

/** Input of one strategy runner child. */
export interface RunStrategyInput {
  strategy: string;
  strategyTimeoutMs: number;
  scanDeadlineAt: number;
  params: unknown;
}

export type ScanEvent =
  | { type: 'STRATEGY.STARTED'; strategy: string; at: number; deadlineAt: number }
  | { type: 'STRATEGY.SETTLED'; strategy: string; outcome: StrategyOutcome }
  | { type: 'CANCEL'; at: number };

export interface ScanContext {
  /** The requested strategies, in request order (the order snapshots list them in). */
  strategyIds: string[];
  /** The same ids in the order their runners were started. */
  dispatchOrder: string[];
  strategies: Record<string, StrategyRecord>;
  /** Every opportunity found so far, ranked best first. */
  opportunities: Opportunity[];
  budgetMs: number;
  strategyTimeoutMs: number;
  createdAt: number;
  deadlineAt: number;
  /** When the first strategy started. */
  startedAt: number | null;
  /** Increments on every change of the scan; drives ETags, long-polls and SSE ids. */
  version: number;
  params: unknown;
}

export interface ScanOutput {
  state: FinalScanState;
  strategies: StrategyRecord[];
  opportunities: Opportunity[];
}
