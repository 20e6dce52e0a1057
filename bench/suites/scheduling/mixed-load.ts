// (b) Mixed concurrent load: full scans from several users arriving over a window, half with a tight budget and half with
// a loose one, through the service API the way the HTTP layer drives it (admission first; a refused scan is what a 429
// gives its user: nothing). The same seeded arrivals run once with earliest-deadline-first across scans and once with
// arrival order (a FIFO queue); within each scan both use the engine's plan.
import type { CrossScanOrder } from '../../../src/scheduling/dispatcher.js';
import type { BenchMarket } from '../../lib/market.js';
import { fullScan, realEngine, settle, warmUp } from './scans.js';

export type LoadClass = 'tight' | 'loose';

export interface MixedLoadOptions {
  scans: number;
  users: number;
  arrivalWindowMs: number;
  budgetMs: Record<LoadClass, number>;
  seed: number;
  threads: number;
  graceMs: number;
  strategies: readonly string[];
}

export interface Arrival {
  index: number;
  atMs: number;
  class: LoadClass;
  userId: string;
}

export interface ScanResult extends Arrival {
  admitted: boolean;
  predictedWaitMs: number;
  succeeded: number;
  state: string;
}

/** mulberry32: a tiny seeded generator, so both queues see the very same arrivals in every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Uniform arrival times over the window, half of the scans tight and half loose in a shuffled order, users round-robin. */
export function arrivals(options: Pick<MixedLoadOptions, 'scans' | 'users' | 'arrivalWindowMs' | 'seed'>): Arrival[] {
  const random = seededRandom(options.seed);
  const times = Array.from({ length: options.scans }, () => Math.round(random() * options.arrivalWindowMs)).sort((a, b) => a - b);
  const classes: LoadClass[] = Array.from({ length: options.scans }, (_, i) => (i < options.scans / 2 ? 'tight' : 'loose'));
  for (let i = classes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [classes[i], classes[j]] = [classes[j] as LoadClass, classes[i] as LoadClass];
  }
  return times.map((atMs, index) => ({ index, atMs, class: classes[index] as LoadClass, userId: `user-${index % options.users}` }));
}

/** Runs the arrivals against a new warm service with the given cross-scan order; one result per arrival. */
export async function mixedLoad(bench: BenchMarket, crossScan: CrossScanOrder, plan: readonly Arrival[], options: MixedLoadOptions): Promise<ScanResult[]> {
  const engine = realEngine(bench, options.threads, options.graceMs, { crossScan });
  const { service } = engine;
  try {
    await warmUp(engine, bench, options.strategies, options.budgetMs.tight);
    const t0 = performance.now();
    const results = await Promise.all(
      plan.map(
        (arrival) =>
          new Promise<ScanResult>((resolve) => {
            setTimeout(() => {
              const request = fullScan(bench, options.strategies, options.budgetMs[arrival.class], arrival.userId);
              const { admit, predictedWaitMs } = service.admission(request);
              if (!admit) {
                resolve({ ...arrival, admitted: false, predictedWaitMs, succeeded: 0, state: 'refused' });
                return;
              }
              void service.finished(service.registry.create(request)).then(({ snapshot }) =>
                resolve({ ...arrival, admitted: true, predictedWaitMs, succeeded: snapshot.progress.succeeded, state: snapshot.state }),
              );
            }, Math.max(0, arrival.atMs - (performance.now() - t0)));
          }),
      ),
    );
    await settle(engine);
    return results;
  } finally {
    await service.close();
  }
}

export interface ClassSummary {
  scans: number;
  refused: number;
  /** Scans with at least one succeeded strategy. */
  withSuccess: number;
  succeeded: number;
}

export function summarizeClass(results: readonly ScanResult[], cls: LoadClass): ClassSummary {
  const mine = results.filter((r) => r.class === cls);
  return {
    scans: mine.length,
    refused: mine.filter((r) => !r.admitted).length,
    withSuccess: mine.filter((r) => r.succeeded > 0).length,
    succeeded: mine.reduce((sum, r) => sum + r.succeeded, 0),
  };
}
