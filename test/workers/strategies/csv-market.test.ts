// Strategies on a market loaded from CSV: OHLCV only (no perp, funding or options) and symbols whose timestamps do not
// all line up. Every strategy still runs; the derivative strategies report nothing, as documented.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvMarket } from '../../../src/market/csv-market.js';
import { generateSyntheticMarket } from '../../../src/market/synthetic-market.js';
import type { MarketData } from '../../../workers/market-data.js';
import { strategyCatalogue } from '../../../workers/strategy-catalogue.js';
import { expectContractShape } from './contract-shape.js';
import { equalWeightParams, never } from './fixtures.js';

const DERIVATIVES = ['futures_trade', 'options_trade', 'funding_arbitrage'];
let dir = '';
let market: MarketData;

beforeAll(async () => {
  const source = generateSyntheticMarket({ symbols: 6, candles: 3000, intervalMs: 300_000 }, 3).market;
  dir = await mkdtemp(join(tmpdir(), 'scanner-csv-strategies-'));
  await Promise.all(source.series.map((s, k) => {
    const rows = ['timestamp,open,high,low,close,volume'];
    // Each symbol misses a different stretch of candles, so the time axes differ.
    for (let t = 0; t < s.close.length; t++) {
      if (t >= 500 + 200 * k && t < 520 + 200 * k) continue;
      rows.push([new Date(s.time[t] as number).toISOString(), s.open[t], s.high[t], s.low[t], s.close[t], s.volume[t]].join(','));
    }
    return writeFile(join(dir, `${s.symbol}.csv`), rows.join('\n'));
  }));
  market = await loadCsvMarket(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('strategies on a CSV market', () => {
  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s runs on OHLCV alone', (id, strategy) => {
    const found = strategy.run(market, equalWeightParams(market), never);
    for (const o of found) expectContractShape(o, id);
    if (DERIVATIVES.includes(id)) expect(found).toEqual([]);
  });

  it('finds something with the strategies that need only candles', () => {
    const total = strategyCatalogue.filter((s) => !DERIVATIVES.includes(s.id)).reduce((n, s) => n + s.run(market, equalWeightParams(market), never).length, 0);
    expect(total).toBeGreaterThan(0);
  });
});
