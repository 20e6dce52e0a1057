// Median single-thread in-process ms of each real strategy on a market: the strategies suite's figures of this run when it
// ran, otherwise one run of each strategy here (after the same JIT warm-up). Suites that compare the engine with what the
// strategies cost on their own (scaling's efficiency, scheduling's offline optimum) read them from here.
import { neverStop, realCatalogue, warmUpStrategies, type BenchMarket } from './market.js';
import type { SuiteContext } from './suite.js';

export async function singleThreadMs(ctx: SuiteContext, bench: BenchMarket): Promise<ReadonlyMap<string, number>> {
  const shared = ctx.shared.singleThreadMs?.get(bench.profile);
  if (shared) return shared;
  ctx.log(`measuring single-thread times on ${bench.profile} (run the strategies suite first to reuse its figures)`);
  const catalogue = await realCatalogue();
  await warmUpStrategies(catalogue);
  const out = new Map<string, number>();
  for (const s of catalogue) {
    const t0 = performance.now();
    s.run(bench.market, bench.params, neverStop);
    out.set(s.id, performance.now() - t0);
  }
  return out;
}
