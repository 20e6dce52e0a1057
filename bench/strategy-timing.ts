// Single-thread cost of each strategy on the synthetic profiles: median of N runs (after one warm-up run) of wall time
// and of process CPU time (user + system, which also counts GC helper threads), plus the longest stretch of work
// between two stop-checks (the smallest such maximum over three runs, so that one garbage-collection pause or
// preemption does not count as a missing check). Self-contained: no pool, no service — the strategy functions called
// in this thread.
//
//   npx tsx bench/strategy-timing.ts [--runs 5] [--seed 1] [--write]
//
// Prints the Markdown table; --write also makes the measurement the reference: it rewrites
// src/scheduling/reference-costs.ts (the first cost guess reads it) and the table in docs/strategies.md from it.
// CPU time is the figure to trust on a busy machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultPortfolio } from '../src/market/default-portfolio.js';
import type { MarketProfile } from '../src/market/profiles.js';
import { generateSyntheticMarket } from '../src/market/synthetic-market.js';
import { TIMED_PROFILES, type StrategyTiming } from '../src/scheduling/reference-costs.js';
import type { StrategyDefinition, StrategyParams } from '../workers/strategy-types.js';
import type { MarketData } from '../workers/market-data.js';
import { strategyCatalogue } from '../workers/strategy-catalogue.js';
import { renderTimingsModule, renderTimingTable, replaceTimingTable, type Timings } from './strategy-timing-table.js';

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeOnce(strategy: StrategyDefinition, market: MarketData, params: StrategyParams): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  strategy.run(market, params, () => false);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** Longest gap between consecutive stop-checks (and from the start to the first, and from the last to the end). */
function longestGap(strategy: StrategyDefinition, market: MarketData, params: StrategyParams): number {
  let last = performance.now();
  let worst = 0;
  strategy.run(market, params, () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    return false;
  });
  return Math.max(worst, performance.now() - last);
}

function measureProfile(profile: MarketProfile, runs: number, seed: number): Map<string, { timing: Timing; gapMs: number }> {
  const { market } = generateSyntheticMarket(profile, seed);
  const params: StrategyParams = { symbols: market.symbols, portfolio: defaultPortfolio(market) };
  const results = new Map<string, { timing: Timing; gapMs: number }>();
  for (const strategy of strategyCatalogue) {
    timeOnce(strategy, market, params); // warm-up: JIT and caches
    const samples = Array.from({ length: runs }, () => timeOnce(strategy, market, params));
    const timing = { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
    const gapMs = Math.min(...[0, 1, 2].map(() => longestGap(strategy, market, params)));
    results.set(strategy.id, { timing, gapMs });
    process.stderr.write(`${profile} ${strategy.id}: ${timing.cpuMs.toFixed(0)} ms CPU\n`);
  }
  return results;
}

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' }, write: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const measured = TIMED_PROFILES.map((p) => measureProfile(p, runs, Number(values.seed)));
  const timings: Timings = Object.fromEntries(
    strategyCatalogue.map((strategy) => {
      const byProfile = TIMED_PROFILES.map((_, i): StrategyTiming => {
        const r = measured[i]?.get(strategy.id);
        if (!r) throw new Error(`${strategy.id} was not measured`);
        return { cpuMs: r.timing.cpuMs, wallMs: r.timing.wallMs, longestGapMs: r.gapMs };
      });
      return [strategy.id, Object.fromEntries(TIMED_PROFILES.map((p, i) => [p, byProfile[i]]))];
    }),
  ) as Timings;
  const table = renderTimingTable(timings);
  console.log(`${table}\n\nmedian of ${runs} runs after a warm-up, seed ${values.seed}, Node ${process.version}`);
  if (!values.write) return;
  const module = new URL('../src/scheduling/reference-costs.ts', import.meta.url);
  writeFileSync(module, renderTimingsModule(readFileSync(module, 'utf8'), timings));
  const doc = new URL('../docs/strategies.md', import.meta.url);
  writeFileSync(doc, replaceTimingTable(readFileSync(doc, 'utf8'), table));
  process.stderr.write('wrote src/scheduling/reference-costs.ts and the table in docs/strategies.md\n');
}

main();
