// Assembles MarketData from plain arrays, copying every series onto SharedArrayBuffers (see shared-array.ts). Used by
// the synthetic generator and the CSV loader, and by tests that build markets with a planted pattern.
import type { MarketData, OptionChain, SymbolSeries } from '../../workers/market-data.js';
import { toShared } from './shared-array.js';

export interface SeriesInput {
  symbol: string;
  /** Already shared arrays are kept as they are, so symbols on one time axis can share it. */
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
  perp?: ArrayLike<number> | null;
  funding?: ArrayLike<number> | null;
  options?: OptionChainInput | null;
}

export interface OptionChainInput {
  asOf: number;
  spot: number;
  expiriesDays: ArrayLike<number>;
  strikes: ArrayLike<number>;
  callMid: ArrayLike<number>;
  putMid: ArrayLike<number>;
}

export function buildMarket(source: MarketData['source'], intervalMs: number, inputs: readonly SeriesInput[]): MarketData {
  const series = inputs.map(buildSeries);
  return { source, intervalMs, symbols: series.map((s) => s.symbol), series };
}

function buildSeries(input: SeriesInput): SymbolSeries {
  return {
    symbol: input.symbol,
    time: shared(input.time),
    open: shared(input.open),
    high: shared(input.high),
    low: shared(input.low),
    close: shared(input.close),
    volume: shared(input.volume),
    perp: input.perp ? shared(input.perp) : null,
    funding: input.funding ? shared(input.funding) : null,
    options: input.options ? buildChain(input.options) : null,
  };
}

function buildChain(chain: OptionChainInput): OptionChain {
  return {
    asOf: chain.asOf,
    spot: chain.spot,
    expiriesDays: shared(chain.expiriesDays),
    strikes: shared(chain.strikes),
    callMid: shared(chain.callMid),
    putMid: shared(chain.putMid),
  };
}

function shared(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array && values.buffer instanceof SharedArrayBuffer ? values : toShared(values);
}
