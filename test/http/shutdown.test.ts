// SIGTERM on the real process (dist/src/main.js, tiny market, fixture strategies): new work is refused with 503, running
// scans get the grace to finish and are then cancelled, SSE clients receive the final snapshot, and the process exits 0
// within the grace.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compiledPath } from '../../src/compiled-path.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { fixtureCatalogueUrl } from '../support/engine.js';
import { testStateDir } from '../support/state-dir.js';
import { readSse } from './support/sse-client.js';

const GRACE_MS = 2500;
/** Process start-up, signal delivery and exit on a loaded 2-core machine: generous on purpose. */
const EXIT_SLACK_MS = 1500;

interface Server {
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; at: number }>;
}

const state = testStateDir('shutdown');
afterAll(() => state.remove());

let running: Server | undefined;
afterEach(() => {
  if (running?.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [compiledPath('src/main')], {
    env: {
      ...process.env,
      PORT: '0',
      SCANNER_MARKET_PROFILE: 'tiny',
      SCANNER_CATALOGUE_URL: fixtureCatalogueUrl,
      SCANNER_CALIBRATION: 'off',
      SCANNER_THREADS: '2',
      SCANNER_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      SCANNER_TOKENS: '',
      SCANNER_STATE_DIR: state.path,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    void exited.then(({ code }) => reject(new Error(`server exited early (${code}): ${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'listening') {
        clearTimeout(timer);
        resolve((running = { child, url: String(entry.url), logs, exited }));
      }
    });
  });
}

async function postScan(server: Server, body: unknown): Promise<ScanSnapshot> {
  const res = await fetch(`${server.url}/v1/scans`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return (await res.json()) as ScanSnapshot;
}

const lastSnapshot = (events: { data: string }[]): ScanSnapshot | undefined =>
  events.length === 0 ? undefined : (JSON.parse(events[events.length - 1]?.data ?? '') as ScanSnapshot);

describe('SIGTERM', () => {
  it('cancels a scan still running at the end of the grace; the SSE client gets the final snapshot; exit 0 within the grace', async () => {
    const server = await startServer();
    const scan = await postScan(server, { strategies: ['fast', 'spins'], budgetMs: 30_000, strategyTimeoutMs: 30_000 });
    let firstEvent: () => void = () => undefined;
    const gotFirst = new Promise<void>((resolve) => (firstEvent = resolve));
    const stream = readSse(`${server.url}/v1/scans/${scan.id}/events`, {
      until: (r) => {
        if (r.events.length > 0) firstEvent();
        return false;
      },
    });
    await gotFirst;

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    // During the grace: no new work, health says so, reads still answer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'shutting_down' });
    const refused = await fetch(`${server.url}/v1/scans`, { method: 'POST', headers: { 'X-User-Id': 'late' } });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('SHUTTING_DOWN');
    expect((await fetch(`${server.url}/v1/scans/${scan.id}`)).status).toBe(200);

    const result = await stream;
    const { code, at } = await server.exited;
    expect(code).toBe(0);
    console.info(`SIGTERM → exit: ${at - signalled} ms (grace ${GRACE_MS} ms)`);
    expect(at - signalled).toBeLessThan(GRACE_MS + EXIT_SLACK_MS);
    expect(result.ended).toBe(true);
    const final = lastSnapshot(result.events);
    expect(final).toMatchObject({ state: 'cancelled', done: true });
    expect(final?.strategies.find((s) => s.id === 'fast')?.status).toBe('succeeded');
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'shutdown complete']));
  });

  it('lets a scan that finishes within the grace complete normally', async () => {
    const server = await startServer();
    const scan = await postScan(server, { strategies: ['slow', 'fast'] });
    const stream = readSse(`${server.url}/v1/scans/${scan.id}/events`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.child.kill('SIGTERM');
    const result = await stream;
    expect((await server.exited).code).toBe(0);
    expect(lastSnapshot(result.events)).toMatchObject({ state: 'complete', done: true });
  });
});
