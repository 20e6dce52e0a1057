// Chunked strategies (workers/strategy-types.ts, ChunkedWork) give the same opportunities however their work is split:
// plan → runChunk for every chunk → reduce over the partials in chunk order equals the unsplit run, bit for bit, for any
// number of parts. Descriptors and partials go through structuredClone first, as they do between threads, and must
// come out unchanged. A reduce over some of the chunks (the engine's deadline case) ranks what they found.
import { describe, expect, it } from 'vitest';
import { defaultPortfolio } from '../../../src/market/default-portfolio.js';
import { generateSyntheticMarket } from '../../../src/market/synthetic-market.js';
import type { MarketProfile } from '../../../src/market/profiles.js';
import { FINEST } from '../../../workers/chunked-run.js';
import type { MarketData } from '../../../workers/market-data.js';
import { complexStrategy } from '../../../workers/strategies/complex-strategy.js';
import { pairsTrading } from '../../../workers/strategies/pairs-trading.js';
import { portfolioOptimization } from '../../../workers/strategies/portfolio-optimization.js';
import { riskManagement } from '../../../workers/strategies/risk-management.js';
import { MAX_REPORTED } from '../../../workers/strategies/support/finalize.js';
import type { ChunkedWork, StrategyDefinition, StrategyParams } from '../../../workers/strategy-types.js';
import { expectContractShape } from './contract-shape.js';
import { never } from './fixtures.js';

const STRATEGIES = [complexStrategy, riskManagement, portfolioOptimization, pairsTrading];
const PARTS = [1, 2, 3, 7, FINEST];

const markets = new Map<MarketProfile, { market: MarketData; params: StrategyParams }>(
  (['tiny', 'default'] as const).map((profile) => {
    const { market } = generateSyntheticMarket(profile, 1);
    return [profile, { market, params: { symbols: market.symbols, portfolio: defaultPortfolio(market) } }];
  }),
);

const workOf = (strategy: StrategyDefinition): ChunkedWork => strategy.chunks as ChunkedWork;

/** The units a descriptor covers: a range { from, to } or a stride { first, stride } over `units` units. */
function unitsOf(descriptor: unknown, units: number): number[] {
  const d = descriptor as { from?: number; to?: number; first?: number; stride?: number };
  if (d.from !== undefined && d.to !== undefined) return Array.from({ length: d.to - d.from }, (_, k) => (d.from as number) + k);
  const out: number[] = [];
  for (let u = d.first as number; u < units; u += d.stride as number) out.push(u);
  return out;
}

/** Runs every chunk as the engine does: descriptor and partial cloned across the "thread" boundary, unchanged. */
function runChunks(work: ChunkedWork, market: MarketData, params: StrategyParams, chunks: unknown[]): unknown[] {
  return chunks.map((chunk) => {
    const sent = structuredClone(chunk);
    expect(sent).toStrictEqual(chunk);
    const partial = work.runChunk(market, params, sent, never);
    const received = structuredClone(partial);
    expect(received).toStrictEqual(partial);
    return received;
  });
}

describe.each(STRATEGIES.map((s) => [s.id, s] as const))('%s as fork-join work', (_, strategy) => {
  const work = workOf(strategy);

  it.each(['tiny', 'default'] as const)('on the %s market: every split reduces to the unsplit run', (profile) => {
    const { market, params } = markets.get(profile) as { market: MarketData; params: StrategyParams };
    const unsplit = strategy.run(market, params, never);
    if (profile === 'default') expect(unsplit.length, 'the comparison must not be vacuous').toBeGreaterThan(0);
    const units = work.plan(market, params, FINEST).length;
    expect(units).toBeGreaterThan(1);
    for (const parts of PARTS) {
      const chunks = work.plan(market, params, parts);
      // min(parts, units) chunks, balanced, covering every unit exactly once.
      expect(chunks).toHaveLength(Math.min(parts, units));
      const covered = chunks.map((c) => unitsOf(c, units));
      const sizes = covered.map((u) => u.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(covered.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: units }, (_, u) => u));

      const partials = runChunks(work, market, params, chunks);
      expect(work.reduce(market, params, partials), `${parts} parts`).toEqual(unsplit);
    }
  });

  it('ranks what a subset of the chunks found, and finds nothing in no chunks', () => {
    const { market, params } = markets.get('default') as { market: MarketData; params: StrategyParams };
    const chunks = work.plan(market, params, 3);
    const partials = runChunks(work, market, params, chunks);
    expect(work.reduce(market, params, [])).toEqual([]);
    for (const subset of [partials.slice(1), partials.slice(0, 1), partials.slice(0, 2)]) {
      const found = work.reduce(market, params, subset);
      expect(found.length).toBeLessThanOrEqual(MAX_REPORTED);
      for (const o of found) expectContractShape(o, strategy.id);
    }
  });

  it('plans no chunks when no symbol is requested, and its unsplit run finds nothing', () => {
    const { market, params } = markets.get('tiny') as { market: MarketData; params: StrategyParams };
    const none = { ...params, symbols: [] };
    expect(work.plan(market, none, 4)).toEqual([]);
    expect(strategy.run(market, none, never)).toEqual([]);
  });
});
