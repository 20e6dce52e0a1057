// What the scaling suite reads from its measured scans: each scan's Σ, critical path and schedule efficiency; each
// strategy's task time over the rounds; and what splitting a strategy costs next to running it whole.
import { median } from '../../lib/stats.js';
import type { MeasuredScan } from './measured-scan.js';
import { largestTask, scheduleEfficiency, sequentialGaps, taskMsByStrategy, totalTaskMs } from './task-spans.js';

/** Issue 11: the critical path at most Σ ÷ 16, so that 16 threads can be used. */
export const CRITICAL_PATH_THREADS = 16;

export interface ScanStats {
  wallMs: number;
  /** Σ: the scan's total task time at these threads. */
  sumMs: number;
  /** The largest single task (the critical path), and which task it was. */
  criticalMs: number;
  criticalTask: string;
  scheduleEfficiency: number;
  tasks: number;
}

export function scanStats(scan: MeasuredScan, threads: number): ScanStats {
  const sumMs = totalTaskMs(scan.spans);
  const critical = largestTask(scan.spans);
  const criticalMs = critical?.ms ?? 0;
  const criticalTask = critical ? `${critical.strategy}${critical.chunk ? ` chunk ${critical.chunk.index + 1}/${critical.chunk.total}` : ''}` : 'none';
  return {
    wallMs: scan.wallMs,
    sumMs,
    criticalMs,
    criticalTask,
    scheduleEfficiency: scheduleEfficiency(sumMs, criticalMs, threads, scan.wallMs),
    tasks: scan.spans.length,
  };
}

/** Each strategy's task time (the sum of its chunks when split), median over the rounds; and its task count. */
export function medianTaskMs(scans: readonly MeasuredScan[]): Map<string, { ms: number; tasks: number }> {
  const byRound = scans.map((s) => taskMsByStrategy(s.spans));
  const strategies = new Set(byRound.flatMap((m) => [...m.keys()]));
  return new Map(
    [...strategies].map((id) => {
      const rounds = byRound.flatMap((m) => (m.has(id) ? [m.get(id) as { ms: number; tasks: number }] : []));
      return [id, { ms: median(rounds.map((r) => r.ms)), tasks: median(rounds.map((r) => r.tasks)) }];
    }),
  );
}

/** The dispatch gap between consecutive tasks of one-thread scans, median over every gap of every round. */
export function medianDispatchGapMs(oneThreadScans: readonly MeasuredScan[]): number {
  const gaps = oneThreadScans.flatMap((s) => sequentialGaps(s.spans));
  return gaps.length ? Math.max(0, median(gaps)) : 0;
}

export interface SplitOverhead {
  strategy: string;
  /** Chunks it ran as (median over rounds); 1 when it was not split. */
  chunks: number;
  /** Σ of its chunks' spans in the split scan, and its one task in the unsplit scan (medians over rounds). */
  chunkMs: number;
  wholeMs: number;
  /** Σ chunks ÷ whole − 1, per round, median: what splitting added (or, below 0, the noise between two runs). */
  share: number;
  /** The same, round by round: its spread is the run-to-run noise the median sits in. */
  shares: number[];
  /** (chunks − 1) × the dispatch gap ÷ whole: the idle time between tasks that the extra tasks add, outside the spans. */
  dispatchShare: number;
}

/**
 * What splitting cost the whole scan: Σ of every task span of the split scan ÷ Σ of the unsplit scan of the same round
 * − 1 (median over rounds). Per strategy the shares are blurred: tasks interleaved on one worker pay for each other's
 * garbage collection and cache misses, so `complex_strategy`'s costs can land on another strategy's chunks. The scan's Σ
 * counts every cost once, wherever it landed.
 */
export function scanSplitOverhead(split: readonly MeasuredScan[], unsplit: readonly MeasuredScan[]): { share: number; shares: number[] } {
  const shares = split.flatMap((s, i) => {
    const whole = unsplit[i];
    return whole ? [totalTaskMs(s.spans) / totalTaskMs(whole.spans) - 1] : [];
  });
  return { share: median(shares), shares };
}

/** What splitting cost each chunked strategy: its chunks' task time against its unsplit task time, round by round. */
export function splitOverheads(
  split: readonly MeasuredScan[],
  unsplit: readonly MeasuredScan[],
  chunked: readonly string[],
  dispatchGapMs: number,
): SplitOverhead[] {
  const splitMs = split.map((s) => taskMsByStrategy(s.spans));
  const wholeMs = unsplit.map((s) => taskMsByStrategy(s.spans));
  return chunked.flatMap((strategy) => {
    const pairs = splitMs.flatMap((m, i) => {
      const part = m.get(strategy);
      const whole = wholeMs[i]?.get(strategy);
      return part && whole ? [{ part, whole }] : [];
    });
    if (pairs.length === 0) return [];
    const chunks = median(pairs.map((p) => p.part.tasks));
    const whole = median(pairs.map((p) => p.whole.ms));
    return [
      {
        strategy,
        chunks,
        chunkMs: median(pairs.map((p) => p.part.ms)),
        wholeMs: whole,
        share: median(pairs.map((p) => p.part.ms / p.whole.ms - 1)),
        shares: pairs.map((p) => p.part.ms / p.whole.ms - 1),
        dispatchShare: ((chunks - 1) * dispatchGapMs) / whole,
      },
    ];
  });
}
