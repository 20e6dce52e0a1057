// The in-memory market snapshot strategies compute over. Every series is a typed array backed by a SharedArrayBuffer,
// so handing the whole object to a worker (Piscina workerData) shares memory instead of copying it.

export interface SymbolSeries {
  symbol: string;
  /** Candle open times, ms since the epoch, strictly increasing. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
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
