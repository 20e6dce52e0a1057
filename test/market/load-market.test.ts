// loadMarket picks the source; defaultPortfolio builds the contract's demo portfolio from any market.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PORTFOLIO_VALUE, defaultPortfolio } from '../../src/market/default-portfolio.js';
import { loadMarket } from '../../src/market/load-market.js';
import { PROFILES } from '../../src/market/profiles.js';
import { emptyMarket, type MarketData } from '../../workers/market-data.js';

function portfolioValue(market: MarketData, portfolio: Record<string, number>): number {
  return market.series.reduce((sum, s) => sum + (portfolio[s.symbol] ?? 0) * (s.close[s.close.length - 1] as number), 0);
}

describe('loadMarket', () => {
  it('generates the synthetic market by default, sized by profile and seeded', async () => {
    const market = await loadMarket({ profile: 'tiny', seed: 5 });
    expect(market.source).toBe('synthetic');
    expect(market.symbols).toHaveLength(PROFILES.tiny.symbols);
    const again = await loadMarket({ profile: 'tiny', seed: 5 });
    expect(Array.from(again.series[3]?.close ?? [])).toEqual(Array.from(market.series[3]?.close ?? []));
  });

  it('reads CSV files when a data directory is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanner-load-'));
    try {
      await writeFile(join(dir, 'SOL-USD.csv'), 'timestamp,open,high,low,close,volume\n1000,1,2,1,2,5\n2000,2,2,1,1,5\n');
      const market = await loadMarket({ dataDir: dir, profile: 'heavy' });
      expect(market.source).toBe('csv');
      expect(market.symbols).toEqual(['SOL-USD']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('defaultPortfolio', () => {
  it('holds about $1M over the first symbols, most in the first', async () => {
    const market = await loadMarket({ profile: 'tiny', seed: 1 });
    const portfolio = defaultPortfolio(market);
    const held = Object.keys(portfolio);
    expect(held).toEqual(market.symbols.slice(0, held.length));
    expect(held.length).toBe(Math.min(market.symbols.length, 10));
    expect(portfolioValue(market, portfolio) / DEMO_PORTFOLIO_VALUE).toBeCloseTo(1, 3);
    const values = held.map((symbol) => portfolioValue(market, { [symbol]: portfolio[symbol] as number }));
    expect(values[0]).toBeGreaterThan(values[1] as number);
  });

  it('is empty for an empty market', () => {
    expect(defaultPortfolio(emptyMarket())).toEqual({});
  });
});
