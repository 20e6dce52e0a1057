// Loading a directory of OHLCV CSV files: good files load; every kind of bad file is rejected with its file and line,
// and nothing is loaded when any file is bad.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCsvMarket } from '../../src/market/csv-market.js';
import { MarketDataError } from '../../src/market/market-data-error.js';

const HEADER = 'timestamp,open,high,low,close,volume';
const dirs: string[] = [];

async function dataDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scanner-csv-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const good = [HEADER, '1704067200000,100,101,99,100.5,10', '1704067260000,100.5,102,100,101,12', '1704067320000,101,101.5,100.2,100.8,0'].join('\n');
const goodIso = [HEADER, '2024-01-01T00:00:00Z,50,51,49,50.5,3', '2024-01-01T00:01:00Z,50.5,52,50,51,4', '2024-01-01T00:02:00.000Z,51,51,50,50,5', ''].join('\r\n');

async function rejection(rows: string[], name = 'BAD-USD.csv'): Promise<MarketDataError> {
  const dir = await dataDir({ 'GOOD-USD.csv': good, [name]: rows.join('\n') });
  const error = await loadCsvMarket(dir).then(() => null, (err: unknown) => err);
  expect(error).toBeInstanceOf(MarketDataError);
  return error as MarketDataError;
}

describe('CSV market loader', () => {
  it('loads one symbol per file, with ms or ISO timestamps, into shared memory', async () => {
    const market = await loadCsvMarket(await dataDir({ 'ETH-USD.csv': good, 'BTC-USD.csv': goodIso, 'notes.txt': 'ignored' }));
    expect(market.source).toBe('csv');
    expect(market.symbols).toEqual(['BTC-USD', 'ETH-USD']);
    expect(market.intervalMs).toBe(60_000);
    const btc = market.series[0];
    expect(Array.from(btc?.time ?? [])).toEqual([1704067200000, 1704067260000, 1704067320000]);
    expect(Array.from(btc?.close ?? [])).toEqual([50.5, 51, 50]);
    expect(btc?.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    // CSV has no derivatives data: the strategies that need it do not apply.
    expect([btc?.perp, btc?.funding, btc?.options]).toEqual([null, null, null]);
  });

  it.each([
    ['a wrong header', ['time,open,high,low,close,volume', '1,1,1,1,1,1'], 1, /header/],
    ['unsorted timestamps', [HEADER, '2000,1,1,1,1,1', '1000,1,1,1,1,1'], 3, /earlier than the previous row/],
    ['a duplicate timestamp', [HEADER, '1000,1,1,1,1,1', '1000,1,1,1,1,1'], 3, /duplicate timestamp/],
    ['a non-numeric price', [HEADER, '1000,1,1,1,1,1', '2000,1,abc,1,1,1'], 3, /high "abc" is not a number/],
    ['a missing value', [HEADER, '1000,1,1,1,1,1', '2000,1,1,,1,1'], 3, /low "" is not a number/],
    ['a negative volume', [HEADER, '1000,1,1,1,1,1', '2000,1,1,1,1,-5'], 3, /volume -5 is negative/],
    ['a negative price', [HEADER, '1000,1,1,1,-1,1', '2000,1,1,1,1,1'], 2, /close -1 is negative/],
    ['a zero price', [HEADER, '1000,0,1,1,1,1', '2000,1,1,1,1,1'], 2, /open is zero/],
    ['high below low', [HEADER, '1000,1,1,1,1,1', '2000,1,0.9,1.1,1,1'], 3, /high 0.9 is below low 1.1/],
    ['a bad timestamp', [HEADER, 'yesterday,1,1,1,1,1', '2000,1,1,1,1,1'], 2, /timestamp "yesterday"/],
    ['a short row', [HEADER, '1000,1,1,1,1'], 2, /expected 6 fields, got 5/],
  ])('rejects %s with the file and line', async (_, rows, line, message) => {
    const error = await rejection(rows);
    expect(error.code).toBe('MARKET_DATA_INVALID');
    expect(error.file).toMatch(/BAD-USD\.csv$/);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`BAD-USD.csv:${line}:`);
  });

  it('rejects a file with fewer than two candles, and a directory without CSV files', async () => {
    expect((await rejection([HEADER, '1000,1,1,1,1,1'])).message).toMatch(/at least two candles/);
    await expect(loadCsvMarket(await dataDir({ 'readme.md': '#' }))).rejects.toThrow(/no <SYMBOL>\.csv files/);
    await expect(loadCsvMarket(join(tmpdir(), 'no-such-scanner-dir'))).rejects.toThrow(/cannot read data directory/);
  });

  it('loads nothing when one file of many is bad', async () => {
    // The bad file sorts last, after good ones were already parsed: still no market comes back.
    const dir = await dataDir({ 'A-USD.csv': good, 'B-USD.csv': goodIso, 'Z-USD.csv': [HEADER, '1000,1,1,1,1,1', '1000,1,1,1,1,1'].join('\n') });
    await expect(loadCsvMarket(dir)).rejects.toThrow(/Z-USD\.csv:3: duplicate timestamp/);
  });
});
