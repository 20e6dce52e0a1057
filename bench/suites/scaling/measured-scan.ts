// The scaling suite's engines and scans: a real-strategy engine with chunking on (split) or off (unsplit, every strategy
// one task: the fair alternative), warmed by one full scan so chunk sizes come from learned costs, and one measured scan
// on it: its wall, the CPU the process used, what the user got, and its task spans from the pool timeline.
import type { ScanRequest } from '../../../src/core/scan-registry.js';
import { wallNow } from '../../../workers/task-control.js';
import { realCatalogueUrl } from '../../lib/catalogue.js';
import { createObservedService, type ObservedService } from '../../lib/engine.js';
import type { BenchMarket } from '../../lib/market.js';
import { scanSpans, type TaskSpan } from './task-spans.js';

export type Variant = 'split' | 'unsplit';
export const VARIANTS: readonly Variant[] = ['split', 'unsplit'];

/** Budget and strategy timeout no heavy scan comes near: every measured scan runs to completion. */
const NO_DEADLINE_MS = 600_000;

/** Every symbol of the market and the demo portfolio, for `strategies`: a default request without a deadline. */
export function unboundedScan(bench: BenchMarket, strategies: readonly string[]): ScanRequest {
  return { userId: 'bench', strategies: [...strategies], budgetMs: NO_DEADLINE_MS, strategyTimeoutMs: NO_DEADLINE_MS, params: bench.params };
}

/** What one scan gave its user, and how long it took. */
export interface MeasuredScan {
  wallMs: number;
  /** This process's CPU time over the wall: the cores the scan really got. */
  coresUsed: number;
  state: string;
  requested: number;
  succeeded: number;
  /** Chunks each strategy ran as (finished/total), for the strategies that were split. */
  chunks: Record<string, { done: number; total: number }>;
  spans: TaskSpan[];
}

/** Runs one scan to its final state. Wall = registry.create → final state seen on the main thread. */
export async function measureScan(service: ObservedService, request: ScanRequest): Promise<MeasuredScan> {
  const since = wallNow();
  const usage = process.cpuUsage();
  const t0 = performance.now();
  const { snapshot, at } = await service.finished(service.registry.create(request));
  const cpu = process.cpuUsage(usage);
  const wallMs = at - t0;
  return {
    wallMs,
    coresUsed: (cpu.user + cpu.system) / 1000 / wallMs,
    state: snapshot.state,
    requested: snapshot.progress.total,
    succeeded: snapshot.progress.succeeded,
    chunks: Object.fromEntries(snapshot.strategies.flatMap((s) => (s.chunks ? [[s.id, { done: s.chunks.done, total: s.chunks.total }]] : []))),
    spans: scanSpans(service.poolTimeline.view(wallNow(), since).spans, snapshot.id),
  };
}

/**
 * A real-strategy engine on `threads` threads, its workers up and one unmeasured full scan behind it. On a fresh pool every
 * cost is unknown (a prior), so that first scan splits coarsely; it teaches each strategy's cost (and warms the JIT), and
 * the scans measured next are sized from it, as on a server that has run a scan before.
 */
export async function warmEngine(bench: BenchMarket, threads: number, variant: Variant, strategies: readonly string[]): Promise<ObservedService> {
  const service = createObservedService({
    market: bench.market,
    threads,
    catalogueUrl: realCatalogueUrl(),
    graceMs: 50,
    scheduling: { chunking: variant === 'split' },
  });
  try {
    await service.pool.ready();
    const warm = await measureScan(service, unboundedScan(bench, strategies));
    if (warm.state !== 'complete') throw new Error(`warm-up scan (${threads} thread(s), ${variant}) ended ${warm.state}`);
    return service;
  } catch (err) {
    await service.close();
    throw err;
  }
}
