// A market's identity for saved costs: its symbols and its size (candles per symbol, the derivative data it carries),
// plus its first and last prices so that another seed or another CSV snapshot of the same symbols counts as another
// market. Cheap: a few numbers per symbol, never the whole series.
import { createHash } from 'node:crypto';
import type { MarketData } from '../../workers/market-data.js';

export function marketFingerprint(market: MarketData): string {
  const hash = createHash('sha256');
  hash.update(`${market.source}|${market.intervalMs}|${market.symbols.length}`);
  for (const series of market.series) {
    const n = series.close.length;
    const parts = [series.symbol, n, series.time[0] ?? 0, series.time[n - 1] ?? 0, series.close[0] ?? 0, series.close[n - 1] ?? 0];
    parts.push(series.perp ? 1 : 0, series.funding ? 1 : 0, series.options ? series.options.strikes.length * series.options.expiriesDays.length : 0);
    hash.update(`|${parts.join(',')}`);
  }
  return `${market.symbols.length}x${market.series[0]?.close.length ?? 0}-${hash.digest('hex').slice(0, 16)}`;
}
