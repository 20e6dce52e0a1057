// Everything the scaling suite measures at one thread count: a split and an unsplit engine side by side (both warmed
// first), then full scans and complex_strategy-alone scans alternating between them round by round, so the two
// variants of a round meet the same machine.
import type { ObservedService } from '../../lib/engine.js';
import type { BenchMarket } from '../../lib/market.js';
import { measureScan, unboundedScan, VARIANTS, warmEngine, type MeasuredScan, type Variant } from './measured-scan.js';

/** The longest strategy of the catalogue, also measured on its own. */
export const ALONE = 'complex_strategy';

export interface ThreadRuns {
  threads: number;
  /** Full scans, one per round. */
  scans: Record<Variant, MeasuredScan[]>;
  /** complex_strategy-alone scans, one per round. */
  alone: Record<Variant, MeasuredScan[]>;
}

export async function measureAtThreads(
  bench: BenchMarket,
  threads: number,
  strategies: readonly string[],
  rounds: number,
  log: (message: string) => void,
): Promise<ThreadRuns> {
  const engines = new Map<Variant, ObservedService>();
  const runs: ThreadRuns = { threads, scans: { split: [], unsplit: [] }, alone: { split: [], unsplit: [] } };
  try {
    for (const variant of VARIANTS) {
      log(`${threads} thread(s), ${variant}: warm-up scan`);
      engines.set(variant, await warmEngine(bench, threads, variant, strategies));
    }
    const engine = (variant: Variant): ObservedService => engines.get(variant) as ObservedService;
    for (let round = 0; round < rounds; round++) {
      for (const variant of VARIANTS) {
        log(`${threads} thread(s), ${variant}: full scan, round ${round + 1}/${rounds}`);
        runs.scans[variant].push(await measureScan(engine(variant), unboundedScan(bench, strategies)));
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const variant of VARIANTS) {
        log(`${threads} thread(s), ${variant}: ${ALONE} alone, round ${round + 1}/${rounds}`);
        runs.alone[variant].push(await measureScan(engine(variant), unboundedScan(bench, [ALONE])));
      }
    }
    return runs;
  } finally {
    await Promise.all([...engines.values()].map((e) => e.close()));
  }
}
