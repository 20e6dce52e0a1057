// Parses one OHLCV CSV file (`timestamp,open,high,low,close,volume`) into plain arrays, checking every row.
// Timestamps are integer milliseconds since the epoch or ISO-8601 date-times; prices must be positive, volume
// non-negative, high ≥ low, and timestamps strictly increasing. The first problem found throws a MarketDataError
// naming the file and the 1-based line.
import { MarketDataError } from './market-data-error.js';

export const CSV_HEADER = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface ParsedCandles {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export function parseCandleCsv(text: string, file: string): ParsedCandles {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  if (header.join(',') !== CSV_HEADER.join(',')) {
    throw new MarketDataError(`header must be "${CSV_HEADER.join(',')}", got "${lines[0] ?? ''}"`, { file, line: 1 });
  }
  const out: ParsedCandles = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    parseRow(raw, out, { file, line: i + 1 });
  }
  if (out.time.length < 2) throw new MarketDataError('needs at least two candles', { file });
  return out;
}

function parseRow(raw: string, out: ParsedCandles, where: { file: string; line: number }): void {
  const fields = raw.split(',').map((f) => f.trim());
  if (fields.length !== CSV_HEADER.length) {
    throw new MarketDataError(`expected ${CSV_HEADER.length} fields, got ${fields.length}`, where);
  }
  const time = parseTimestamp(fields[0] as string, where);
  const previous = out.time[out.time.length - 1];
  if (previous !== undefined && time <= previous) {
    const problem = time === previous ? 'duplicate timestamp' : 'timestamp earlier than the previous row (rows must be sorted)';
    throw new MarketDataError(`${problem}: ${fields[0] as string}`, where);
  }
  const [open, high, low, close, volume] = CSV_HEADER.slice(1).map((name, k) => parseValue(name, fields[k + 1] as string, where));
  if ((high as number) < (low as number)) throw new MarketDataError(`high ${high} is below low ${low}`, where);
  out.time.push(time);
  out.open.push(open as number);
  out.high.push(high as number);
  out.low.push(low as number);
  out.close.push(close as number);
  out.volume.push(volume as number);
}

function parseTimestamp(field: string, where: { file: string; line: number }): number {
  if (/^\d+$/.test(field)) return Number(field);
  const ms = ISO_DATE_TIME.test(field) ? Date.parse(field) : Number.NaN;
  if (Number.isNaN(ms)) throw new MarketDataError(`timestamp "${field}" is neither epoch milliseconds nor ISO-8601`, where);
  return ms;
}

function parseValue(name: string, field: string, where: { file: string; line: number }): number {
  const value = field === '' ? Number.NaN : Number(field);
  if (!Number.isFinite(value)) throw new MarketDataError(`${name} "${field}" is not a number`, where);
  if (value < 0) throw new MarketDataError(`${name} ${field} is negative`, where);
  if (value === 0 && name !== 'volume') throw new MarketDataError(`${name} is zero (prices must be positive)`, where);
  return value;
}
