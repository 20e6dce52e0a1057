// The in-memory market snapshot strategies compute over. Every series is a typed array backed by a SharedArrayBuffer,
// so handing the whole object to a worker (Piscina workerData) shares memory instead of copying it.
// The object is plain data (no classes, no functions) so that structured clone accepts it.

/**
 * Listed options on one underlying, quoted at the last candle. Quotes are mid prices, as an exchange's book gives them;
 * implied volatility by strike and expiry is obtained from them with Newton's method (workers/indicators/implied-vol.ts).
 */
export interface OptionChain {
  /** Candle time (ms) the quotes were taken at: the symbol's last candle. */
  asOf: number;
  /** Underlying spot price the quotes refer to. */
  spot: number;
  /** Time to each expiry in days (ascending), length E. */
  expiriesDays: Float64Array;
  /** Strike grid shared by all expiries (ascending), length K. */
  strikes: Float64Array;
  /** Call mid prices, row-major [expiry][strike], length E × K. */
  callMid: Float64Array;
  /** Put mid prices, row-major [expiry][strike], length E × K. */
  putMid: Float64Array;
}

export interface SymbolSeries {
  symbol: string;
  /** Candle open times, ms since the epoch, strictly increasing. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Perpetual-futures mark price at each candle's close; null when the source has none (CSV). */
  perp: Float64Array | null;
  /** Perp funding rate per 8 h period in force at each candle, as a fraction (0.0001 = 0.01 %); null when unknown. */
  funding: Float64Array | null;
  /** Option quotes at the last candle; null when the source has none. */
  options: OptionChain | null;
}

export interface MarketData {
  source: 'synthetic' | 'csv' | 'empty';
  /** Candle length in ms. */
  intervalMs: number;
  symbols: string[];
  series: SymbolSeries[];
}

/** A market with no symbols: for fixture strategies that ignore market data. */
export function emptyMarket(): MarketData {
  return { source: 'empty', intervalMs: 60_000, symbols: [], series: [] };
}

/**
 * The series of the requested symbols, in request order, skipping unknown symbols and duplicates (the caller validates
 * symbols; strategies must not crash on a stray one).
 */
export function seriesFor(market: MarketData, symbols: readonly string[]): SymbolSeries[] {
  const bySymbol = new Map(market.series.map((s) => [s.symbol, s]));
  const seen = new Set<string>();
  const out: SymbolSeries[] = [];
  for (const symbol of symbols) {
    const s = bySymbol.get(symbol);
    if (s && !seen.has(symbol)) {
      seen.add(symbol);
      out.push(s);
    }
  }
  return out;
}
