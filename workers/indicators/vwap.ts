// Session-anchored volume-weighted average price: Σ typical·volume / Σ volume since the session start, with
// typical = (high + low + close) / 3. Sessions start at multiples of `sessionMs` (UTC days by default), as intraday
// desks anchor VWAP. Candles with zero volume leave it unchanged (NaN until the session's first traded candle).
// Within one session this is trading-signals' VWAP.

export function sessionVwap(
  time: ArrayLike<number>,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  sessionMs = 86_400_000,
): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  let session = Number.NaN;
  let priceVolume = 0;
  let totalVolume = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.floor((time[i] as number) / sessionMs);
    if (s !== session) {
      session = s;
      priceVolume = 0;
      totalVolume = 0;
    }
    const v = volume[i] as number;
    if (v > 0) {
      priceVolume += (((high[i] as number) + (low[i] as number) + (close[i] as number)) / 3) * v;
      totalVolume += v;
    }
    out[i] = totalVolume > 0 ? priceVolume / totalVolume : Number.NaN;
  }
  return out;
}
