// The contract's demo portfolio: $1,000,000 spread over the first ten symbols of the market with weights ∝ 1/rank
// (a deliberately concentrated book, so risk and hedge strategies have something to say), in units at the last close.
import type { MarketData } from '../../workers/market-data.js';

export const DEMO_PORTFOLIO_VALUE = 1_000_000;
const HOLDINGS = 10;

export function defaultPortfolio(market: MarketData): Record<string, number> {
  const held = market.series.slice(0, HOLDINGS);
  const totalWeight = held.reduce((sum, _, rank) => sum + 1 / (rank + 1), 0);
  const portfolio: Record<string, number> = {};
  held.forEach((s, rank) => {
    const lastClose = s.close[s.close.length - 1];
    if (lastClose === undefined || !(lastClose > 0)) return;
    const value = (DEMO_PORTFOLIO_VALUE * (1 / (rank + 1))) / totalWeight;
    portfolio[s.symbol] = Number((value / lastClose).toPrecision(6));
  });
  return portfolio;
}
