// Saved costs: written atomically, used only for their own market, pool size and code, and a broken file costs a
// warning naming it, nothing else.
import { mkdtemp, readdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledUrl } from '../../../src/compiled-path.js';
import { costFilePath, readCostFile, writeCostFile } from '../../../src/scheduling/cost-file.js';

const key = { market: '24x8640-abc', threads: 2, code: 'c0de' };
const one = { strategy: 'a', symbols: 24, ms: 12, samples: 3, censored: false, recent: [11, 12, 13] };
const entries = [one];

function recordingLog() {
  const lines: Array<{ level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    info: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'warn', fields, message }),
  };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cost-file-'));
  file = costFilePath(path.join(dir, 'state'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the saved cost file', () => {
  it('is created with its directory, read back for the same key, and leaves no temporary file behind', async () => {
    const bytes = await writeCostFile(file, key, entries);
    expect(bytes).toBeGreaterThan(0);
    const log = recordingLog();
    expect(await readCostFile(file, key, log)).toMatchObject({ kind: 'loaded', entries });
    expect(await readdir(path.dirname(file))).toEqual(['costs.json']);
    expect(log.lines).toEqual([]);
  });

  it('is replaced whole: a reader racing many writes only ever sees a complete file', async () => {
    await writeCostFile(file, key, entries);
    const big = Array.from({ length: 400 }, (_, i) => ({ ...one, strategy: `s${i}`, recent: [i, i + 1, i + 2] }));
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        // Every read parses: a half-written file would throw here.
        JSON.parse(await readFile(file, 'utf8'));
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 30; i++) await writeCostFile(file, key, i % 2 ? big : entries);
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(await readdir(path.dirname(file))).toEqual(['costs.json']);
  });

  it('survives kill -9 of a writer in the middle of its writes: the file read afterwards is whole, stale temporaries go', async () => {
    // A child writes a large state over and over (the compiled module, as the server runs it) until it is killed.
    const script = `
      const { writeCostFile } = await import(${JSON.stringify(compiledUrl('src/scheduling/cost-file'))});
      const key = ${JSON.stringify(key)};
      const big = Array.from({ length: 3000 }, (_, i) => ({ strategy: 's' + i, symbols: 24, ms: i, samples: 1, censored: false, recent: [i] }));
      for (let i = 0; ; i++) { await writeCostFile(${JSON.stringify(file)}, key, big.slice(0, 1000 + (i % 2000))); if (i === 3) process.stdout.write('going\\n'); }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const log = recordingLog();
    const read = await readCostFile(file, key, log);
    expect(read.kind).toBe('loaded');
    expect(log.lines).toEqual([]);
    expect(await readdir(path.dirname(file))).toEqual(['costs.json']);
  });

  it('is missing without a word when nothing was saved yet', async () => {
    const log = recordingLog();
    expect(await readCostFile(file, key, log)).toEqual({ kind: 'missing' });
    expect(log.lines).toEqual([]);
  });

  it.each([
    ['market', { market: 'other' }],
    ['threads', { threads: 4 }],
    ['strategy code', { code: 'changed' }],
  ])('is ignored with an info line when saved for another %s', async (differs, change) => {
    await writeCostFile(file, { ...key, ...change }, entries);
    const log = recordingLog();
    expect(await readCostFile(file, key, log)).toEqual({ kind: 'other_key', differs: [differs] });
    expect(log.lines).toMatchObject([{ level: 'info', fields: { file, differs: [differs] } }]);
  });

  it.each([
    ['garbage bytes', '\u0000\u0001 not json {'],
    ['valid JSON of another shape', JSON.stringify({ hello: 'world' })],
    ['a truncated file', '{"format":1,"key":{"market":"24x8640-abc","threads":2,'],
    ['an invalid estimate', JSON.stringify({ format: 1, key, savedAt: 'x', entries: [{ ...one, ms: -5 }] })],
    ['an empty file', ''],
  ])('costs a warning naming the file when it holds %s, and nothing else', async (_what, content) => {
    await writeCostFile(file, key, entries);
    await writeFile(file, content);
    const log = recordingLog();
    expect(await readCostFile(file, key, log)).toMatchObject({ kind: 'unusable' });
    expect(log.lines).toMatchObject([{ level: 'warn', fields: { file } }]);
  });

  it('costs a warning when it cannot be read at all', async () => {
    if (process.getuid?.() === 0) return; // root reads anything: the permission cannot make it unreadable
    await writeCostFile(file, key, entries);
    await chmod(file, 0o000);
    const log = recordingLog();
    expect(await readCostFile(file, key, log)).toMatchObject({ kind: 'unusable' });
    expect(log.lines).toMatchObject([{ level: 'warn', fields: { file } }]);
  });
});
