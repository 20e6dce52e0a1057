// Suite 1 — strategies: each of the 14 strategies single-threaded, in this process (no pool, no worker), over a default
// scan's parameters, on two market profiles. These are the CPU costs the pool spreads over cores; the scaling suite of the
// same run reuses them.
import type { MarketProfile } from '../../src/market/profiles.js';
import { benchMarket, neverStop, realCatalogue, warmUpStrategies } from '../lib/market.js';
import { measure } from '../lib/measure.js';
import type { BenchMode } from '../lib/options.js';
import { figure, perRoundFigure, type Figure } from '../lib/report.js';
import { median } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES: Record<BenchMode, { profiles: Array<{ profile: MarketProfile; iterations: number }> }> = {
  full: { profiles: [{ profile: 'default', iterations: 3 }, { profile: 'heavy', iterations: 1 }] },
  quick: { profiles: [{ profile: 'tiny', iterations: 2 }, { profile: 'default', iterations: 1 }] },
  tiny: { profiles: [{ profile: 'tiny', iterations: 1 }] },
};

export const strategiesSuite: Suite = {
  name: 'strategies',
  title: 'each strategy single-threaded in-process, default scan parameters',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const catalogue = await realCatalogue();
    const figures: Figure[] = [];
    const parameters: Record<string, unknown> = { strategies: catalogue.length };

    await warmUpStrategies(catalogue);

    for (const { profile, iterations } of size.profiles) {
      const { market, params, loadMs } = await benchMarket(profile);
      ctx.log(`${profile}: ${market.symbols.length} symbols × ${market.series[0]?.close.length ?? 0} candles, ${iterations} run(s) per strategy`);
      const tasks = Object.fromEntries(catalogue.map((s) => [s.id, () => s.run(market, params, neverStop)]));
      const samples = await measure(tasks, { iterations });
      const medians = new Map<string, number>();
      for (const s of catalogue) {
        const list = samples[s.id] ?? [];
        medians.set(s.id, median(list));
        figures.push(perRoundFigure(`${profile}: ${s.id}`, 'ms', list));
      }
      figures.push(figure(`${profile}: Σ of the 14 medians (one full scan, one thread)`, 'ms', [[...medians.values()].reduce((a, b) => a + b, 0)]));
      (ctx.shared.singleThreadMs ??= new Map()).set(profile, medians);
      parameters[profile] = { symbols: market.symbols.length, candles: market.series[0]?.close.length ?? 0, iterations, marketLoadMs: Math.round(loadMs) };
    }
    return {
      suite: 'strategies',
      title: this.title,
      parameters,
      figures,
      targets: [],
      notes: [
        'Parameters: every symbol of the market and the demo portfolio (the request defaults); the stop-check never fires.',
        'Runs after a JIT warm-up pass on the tiny market; each strategy runs its iterations back to back (tinybench).',
        'No pool here, so no piscina figures; the event loop is blocked by design for each run (that is what the pool avoids).',
      ],
    };
  },
};
