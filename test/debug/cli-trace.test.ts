// `npm run scan -- --trace out.json`: the compiled CLI saves the scan's trace, in-process and with --url, in the format
// the /debug page replays (the JSON array GET /v1/scans/{id}/trace returns).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledPath } from '../../src/compiled-path.js';
import type { TraceRecord } from '../../src/debug/trace-record.js';
import { parseCliArgs } from '../../src/cli/cli-args.js';
import { fixtureCatalogueUrl } from '../support/engine.js';
import { createHarness, listen, warmUp, type Harness, type Listening } from '../http/support/harness.js';
import { testStateDir } from '../support/state-dir.js';

const state = testStateDir('cli-trace');
afterAll(() => state.remove());

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [compiledPath('src/cli/scan-cli'), ...args], {
    env: { ...process.env, SCANNER_MARKET_PROFILE: 'tiny', SCANNER_CATALOGUE_URL: fixtureCatalogueUrl, SCANNER_THREADS: '2', SCANNER_STATE_DIR: state.path },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

function states(records: TraceRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) if (r.root && r.state !== undefined && out.at(-1) !== r.state) out.push(r.state);
  return out;
}

describe('npm run scan -- --trace', () => {
  let dir: string;
  let harness: Harness;
  let server: Listening;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scan-trace-'));
    harness = createHarness({}, { traces: true });
    await warmUp(harness);
    server = await listen(harness);
  });
  afterAll(async () => {
    await server?.close();
    await harness?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('parses --trace <file>', () => {
    expect(parseCliArgs(['--trace', 'out.json'], {})).toMatchObject({ kind: 'run', options: { trace: 'out.json' } });
    expect(parseCliArgs(['--trace'], {})).toMatchObject({ kind: 'usage-error' });
  });

  it('in-process: saves the whole trace of the scan, initiated → running → final', async () => {
    const file = path.join(dir, 'in-process.json');
    const run = await cli(['--strategies', 'fast,slow', '--budget', '5000', '--trace', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`trace saved to ${file}`);
    const records = JSON.parse(await readFile(file, 'utf8')) as TraceRecord[];
    expect(states(records)).toEqual(['initiated', 'running', 'complete']);
    const outcomes = records.filter((r) => r.event?.type === 'STRATEGY.SETTLED' && r.kind === 'event').map((r) => r.event?.strategy);
    expect(outcomes.sort()).toEqual(['fast', 'slow']);
    expect(records.at(-1)).toMatchObject({ root: true, kind: 'snapshot', status: 'done' });
  });

  it('--url: saves the server’s trace of the scan', async () => {
    const file = path.join(dir, 'url.json');
    const run = await cli(['--url', server.url, '--user', 'tracer', '--strategies', 'fast,throws', '--trace', file]);
    expect(run.code).toBe(0);
    const records = JSON.parse(await readFile(file, 'utf8')) as TraceRecord[];
    expect(states(records)).toEqual(['initiated', 'running', 'partial']);
    const id = records[0]?.actor.replace(/^scan\./, '') ?? '';
    expect(harness.service.registry.ownerOf(id)).toBe('tracer');
  });
});
