// One scan as the pool timeline saw it: a span per pool task (a whole strategy, or one chunk of a chunked strategy) on
// the thread that ran it, and the figures the scaling suite reads from them. Pure functions over plain spans.
import type { PoolTaskSpan } from '../../../src/scheduling/pool-timeline.js';

/** One finished task of a scan. `ms` is its wall time on its thread: start in the worker → reply seen on the main thread. */
export interface TaskSpan {
  strategy: string;
  /** Which chunk (absent for a strategy run whole). */
  chunk: { index: number; total: number } | null;
  startedAt: number;
  endedAt: number;
  ms: number;
}

/** The finished spans of one scan, oldest first; spans still open (none, once a scan is final) are left out. */
export function scanSpans(spans: readonly PoolTaskSpan[], scanId: string): TaskSpan[] {
  return spans
    .filter((s) => s.scanId === scanId && s.endedAt !== null)
    .map((s) => ({
      strategy: s.strategy,
      chunk: s.chunk ?? null,
      startedAt: s.startedAt,
      endedAt: s.endedAt as number,
      ms: (s.endedAt as number) - s.startedAt,
    }))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** Σ: the scan's total task time (what t threads share). */
export function totalTaskMs(spans: readonly TaskSpan[]): number {
  return spans.reduce((sum, s) => sum + s.ms, 0);
}

/** The critical path: the largest single task, since a task cannot run on two threads. */
export function largestTask(spans: readonly TaskSpan[]): TaskSpan | undefined {
  return spans.reduce<TaskSpan | undefined>((max, s) => (max === undefined || s.ms > max.ms ? s : max), undefined);
}

/** Task time per strategy: its one task's span, or the sum of its chunks' spans; and how many tasks that was. */
export function taskMsByStrategy(spans: readonly TaskSpan[]): Map<string, { ms: number; tasks: number }> {
  const out = new Map<string, { ms: number; tasks: number }>();
  for (const s of spans) {
    const entry = out.get(s.strategy) ?? { ms: 0, tasks: 0 };
    out.set(s.strategy, { ms: entry.ms + s.ms, tasks: entry.tasks + 1 });
  }
  return out;
}

/**
 * The idle time between one task's end and the next one's start, for a scan run on one thread (every task is queued from
 * the scan's start, so each gap is the pool's dispatch: the reply, the dispatcher's release, Piscina's hand-over).
 */
export function sequentialGaps(spans: readonly TaskSpan[]): number[] {
  return spans.slice(1).map((s, i) => s.startedAt - (spans[i] as TaskSpan).endedAt);
}

/**
 * Schedule efficiency: the lower bound no schedule on `threads` threads can beat, max(Σ ÷ t, critical path), over the
 * measured wall. With Σ and the critical path measured at these same threads, it separates the engine's packing from
 * the machine's contention (which inflates Σ as well as the wall).
 */
export function scheduleEfficiency(sumMs: number, criticalMs: number, threads: number, wallMs: number): number {
  return Math.max(sumMs / threads, criticalMs) / wallMs;
}
