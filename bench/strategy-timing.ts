// Single-thread cost of each strategy on the synthetic profiles: median of N runs (after one warm-up run) of wall time
// and of process CPU time (user + system, which also counts GC helper threads), plus the longest stretch of work
// between two stop-checks (the smallest such maximum over three runs, so that one garbage-collection pause or
// preemption does not count as a missing check). Self-contained: no pool, no service — the strategy functions called
// in this thread.
//
//   npx tsx bench/strategy-timing.ts [--profiles default,heavy] [--runs 5] [--seed 1]
//
// Prints a Markdown table (docs/strategies.md quotes it). CPU time is the figure to trust on a busy machine.
import { parseArgs } from 'node:util';
import { defaultPortfolio } from '../src/market/default-portfolio.js';
import type { MarketProfile } from '../src/market/profiles.js';
import { generateSyntheticMarket } from '../src/market/synthetic-market.js';
import type { StrategyDefinition, StrategyParams } from '../workers/strategy-types.js';
import type { MarketData } from '../workers/market-data.js';
import { strategyCatalogue } from '../workers/strategy-catalogue.js';

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
    options: { profiles: { type: 'string', default: 'default,heavy' }, runs: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' } },
  });
  const profiles = values.profiles.split(',') as MarketProfile[];
  const runs = Number(values.runs);
  const measured = profiles.map((p) => measureProfile(p, runs, Number(values.seed)));
  const header = profiles.map((p) => `${p} CPU ms | ${p} wall ms | ${p} longest check gap ms`).join(' | ');
  console.log(`| strategy | ${header} |`);
  console.log(`|---|${profiles.map(() => '---:|---:|---:').join('|')}|`);
  for (const strategy of strategyCatalogue) {
    const cells = measured.map((m) => {
      const r = m.get(strategy.id);
      return `${r?.timing.cpuMs.toFixed(0)} | ${r?.timing.wallMs.toFixed(0)} | ${r?.gapMs.toFixed(2)}`;
    });
    console.log(`| ${strategy.id} | ${cells.join(' | ')} |`);
  }
  const totals = measured.map((m) => {
    const all = [...m.values()];
    return `**${all.reduce((a, r) => a + r.timing.cpuMs, 0).toFixed(0)}** | **${all.reduce((a, r) => a + r.timing.wallMs, 0).toFixed(0)}** | ${Math.max(...all.map((r) => r.gapMs)).toFixed(2)}`;
  });
  console.log(`| **total** | ${totals.join(' | ')} |`);
  console.log(`\nmedian of ${runs} runs after a warm-up, seed ${values.seed}, Node ${process.version}`);
}

main();
