// The order one scan's strategies should run in, from their expected costs, the threads and the time left. Pure.
// - Everything fits: longest first, the shortest makespan for a list schedule.
// - Not everything fits: the most strategies that can finish. The cheapest k are always the best k (a swap argument), so
//   cheapest-first selection finds them. They mostly run cheapest first: costs are estimates, and an overrun then only
//   costs the last, largest ones (which the dispatcher re-plans with the time actually left), never the many small ones.
//   The exception is a chosen task longer than half the window: it can only finish if it starts early, so such tasks
//   start first, on all threads but one (which keeps working through the small ones if they overrun).
//   The left-out ones follow, cheapest first, only on threads that would otherwise idle.
// Quarantined strategies (runaways) always go last. A chunked strategy is one item of several equal parts: it is chosen
// or left out whole, and its parts are packed separately.
import type { PlanPolicy } from '../../machines/scan-types.js';
import { lptMakespan } from './list-schedule.js';

/** `planned` decides per scan (the engine); the others are fixed orders, kept for benchmarks to compare against. */
export const SCHEDULING_POLICIES = ['planned', 'fifo', 'shortest_first', 'longest_first'] as const;
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number];


/** Predictions are padded by this factor, so a plan that only just fits on paper is not counted on. */
export const FIT_SAFETY = 1.15;

export interface PlanItem {
  strategy: string;
  /** Expected cost (learned or prior), ms: single-thread CPU, over all its parts. */
  expectedMs: number;
  /** Equal parts it runs as, in parallel where threads allow (a chunked strategy); default 1. */
  parts?: number;
  quarantined: boolean;
}

export interface ScanPlan {
  policy: PlanPolicy;
  /** Every item's strategy, in the order to start them. */
  order: string[];
  /** The strategies predicted to finish in time (all of them for fixed orders). */
  fits: ReadonlySet<string>;
  /** Predicted time from now until the fitting strategies are done, ms. */
  makespanMs: number;
}

const padded = (item: PlanItem): number => item.expectedMs * FIT_SAFETY;
/** The padded cost of each of an item's parts: what list scheduling packs. */
const pieces = (items: readonly PlanItem[]): number[] =>
  items.flatMap((item) => {
    const parts = Math.max(1, item.parts ?? 1);
    return new Array<number>(parts).fill(padded(item) / parts);
  });
const longestPiece = (item: PlanItem): number => padded(item) / Math.max(1, item.parts ?? 1);
const byCost = (a: PlanItem, b: PlanItem): number => a.expectedMs - b.expectedMs;
const ids = (items: readonly PlanItem[]): string[] => items.map((i) => i.strategy);

function fixedPlan(policy: Exclude<SchedulingPolicy, 'planned'>, items: readonly PlanItem[], threads: number): ScanPlan {
  const sorted = policy === 'fifo' ? [...items] : [...items].sort(policy === 'shortest_first' ? byCost : (a, b) => byCost(b, a));
  return { policy, order: ids(sorted), fits: new Set(ids(items)), makespanMs: lptMakespan(pieces(sorted), threads) };
}

export interface PlanOptions {
  policy?: SchedulingPolicy;
  /** Ms until each busy thread frees (threads not listed are free now). */
  ready?: readonly number[];
}

/** Plans `items` (in request order; ties keep it) for `threads` threads and `windowMs` of time left. */
export function planScan(items: readonly PlanItem[], threads: number, windowMs: number, options: PlanOptions = {}): ScanPlan {
  const { policy = 'planned', ready = [] } = options;
  if (policy !== 'planned') return fixedPlan(policy, items, threads);
  const runnable = items.filter((i) => !i.quarantined);
  const quarantined = items.filter((i) => i.quarantined).sort(byCost);
  const longestFirst = [...runnable].sort((a, b) => byCost(b, a));
  const everything = lptMakespan(pieces(runnable), threads, ready);
  if (everything <= windowMs) {
    return { policy: 'longest_first', order: ids([...longestFirst, ...quarantined]), fits: new Set(ids(runnable)), makespanMs: everything };
  }
  const chosen: PlanItem[] = [];
  const left: PlanItem[] = [];
  let makespanMs = 0;
  for (const item of [...runnable].sort(byCost)) {
    const trial = lptMakespan(pieces([...chosen, item]), threads, ready);
    if (trial <= windowMs) {
      chosen.push(item);
      makespanMs = trial;
    } else left.push(item);
  }
  const critical = chosen
    .filter((item) => longestPiece(item) > windowMs / 2)
    .sort((a, b) => byCost(b, a))
    .slice(0, Math.max(0, threads - 1));
  const rest = chosen.filter((item) => !critical.includes(item));
  return { policy: 'most_finished', order: ids([...critical, ...rest, ...left, ...quarantined]), fits: new Set(ids(chosen)), makespanMs };
}
