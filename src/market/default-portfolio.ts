// The contract's demo portfolio: $1,000,000 over the first symbols of the market (ten, or 40 % of a large universe, so
// the risk work grows with the market) with weights ∝ 1/rank — a deliberately concentrated book, so the risk and
// hedge strategies have something to say — in units at the last close.
import type { MarketData } from '../../workers/market-data.js';

export const DEMO_PORTFOLIO_VALUE = 1_000_000;

/** Units per symbol; empty for an empty market. */
export function defaultPortfolio(market: MarketData): Record<string, number> {
  const held = market.series.slice(0, Math.max(10, Math.ceil(0.4 * market.series.length)));
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
