// Loads a directory of OHLCV CSV files, one per symbol (`<SYMBOL>.csv`). Every file is parsed and checked before any
// shared memory is allocated, so a bad file anywhere means nothing is loaded (the error names the file and line).
// CSV has no derivatives data: perp, funding and options are null, and the strategies that need them report nothing
// for such symbols (documented in docs/strategies.md). The candle interval is the most common timestamp step.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MarketData } from '../../workers/market-data.js';
import { buildMarket } from './build-market.js';
import { parseCandleCsv, type ParsedCandles } from './csv-parse.js';
import { MarketDataError } from './market-data-error.js';

const SYMBOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function loadCsvMarket(dataDir: string): Promise<MarketData> {
  let names: string[];
  try {
    names = (await readdir(dataDir)).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  } catch (err) {
    throw new MarketDataError(`cannot read data directory: ${err instanceof Error ? err.message : String(err)}`, { file: dataDir });
  }
  if (names.length === 0) throw new MarketDataError('no <SYMBOL>.csv files found', { file: dataDir });
  const parsed: Array<{ symbol: string; candles: ParsedCandles }> = [];
  for (const name of names) {
    const symbol = name.slice(0, -'.csv'.length);
    const file = join(dataDir, name);
    if (!SYMBOL_NAME.test(symbol)) throw new MarketDataError(`"${symbol}" is not a valid symbol name`, { file });
    parsed.push({ symbol, candles: parseCandleCsv(await readFile(file, 'utf8'), file) });
  }
  const intervalMs = commonStep(parsed.map((p) => p.candles.time));
  return buildMarket('csv', intervalMs, parsed.map(({ symbol, candles }) => ({ symbol, ...candles })));
}

/** The most frequent gap between consecutive timestamps across all files (gaps from missing candles are rarer). */
function commonStep(axes: number[][]): number {
  const counts = new Map<number, number>();
  for (const axis of axes) {
    for (let i = 1; i < axis.length; i++) {
      const step = (axis[i] as number) - (axis[i - 1] as number);
      counts.set(step, (counts.get(step) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestCount = -1;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  }
  return best;
}
