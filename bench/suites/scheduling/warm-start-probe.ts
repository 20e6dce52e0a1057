// Issue 19's "done means", measured from outside: real server processes (node dist/src/main.js) and the real CLI, on the
// synthetic market, a 300 ms (or --budget) full scan, counting the strategies that succeeded.
//   node dist/bench/suites/scheduling/warm-start-probe.js [--profile default] [--threads 2] [--budget 300] [--redis URL]
// Cases: cold (nothing saved, the scan posted the moment the server listens), after /readyz (same server), restart
// (same SCANNER_STATE_DIR, calibration off), new instance in a warm cluster (needs Redis; calibration off, its own empty
// state dir), the CLI twice, and every state file overwritten with garbage. Prints one JSON line per case.
import { deletePrefix } from '../cluster/redis.js';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = path.join(root, 'dist/src/main.js');
const CLI = path.join(root, 'dist/src/cli/scan-cli.js');

export interface ProbeOptions {
  profile: 'tiny' | 'default' | 'heavy';
  threads: number;
  budgetMs: number;
  redisUrl: string | null;
}

interface Server {
  url: string;
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', SCANNER_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolve(String(entry.url));
      } catch {
        /* not a log line */
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return {
    url,
    child,
    logs,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls /readyz until 200; returns the seconds from process start to ready the server reports. */
async function waitReady(url: string, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return ((await res.json()) as { secondsToReady: number }).secondsToReady;
    if (Date.now() - started > timeoutMs) throw new Error('not ready in time');
    await sleep(20);
  }
}

interface ScanCount {
  state: string;
  succeeded: number;
  total: number;
  /** Each strategy that did not succeed, as `id status expected→ran ms` (error code when skipped): why a count is short. */
  missed: string[];
}

interface StrategyView {
  id: string;
  status: string;
  expectedMs: number | null;
  durationMs: number | null;
  error?: { code: string };
}

function countOf(snap: { state: string; strategies: StrategyView[] }): ScanCount {
  const missed = snap.strategies
    .filter((s) => s.status !== 'succeeded')
    .map((s) => `${s.id} ${s.status} ${s.expectedMs ?? '?'}→${s.durationMs ?? '-'}${s.error ? ` ${s.error.code}` : ''}`);
  return { state: snap.state, succeeded: snap.strategies.length - missed.length, total: snap.strategies.length, missed };
}

async function scan(url: string, budgetMs: number, user: string): Promise<ScanCount> {
  const res = await fetch(`${url}/v1/scans`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user-id': user }, body: JSON.stringify({ budgetMs, force: true }) });
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const snap = (await (await fetch(`${url}/v1/scans/${id}`, { headers: { 'x-user-id': user } })).json()) as { done: boolean; state: string; strategies: StrategyView[] };
    if (snap.done) return countOf(snap);
    await sleep(25);
  }
}

async function cliScan(env: Record<string, string>, budgetMs: number): Promise<ScanCount> {
  // The CLI exits 1 when its scan ends failed (nothing succeeded): that is a count of 0, not an error of the probe.
  const stdout = await promisify(execFile)(process.execPath, [CLI, '--budget', String(budgetMs), '--json'], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }).then(
    (r) => r.stdout,
    (err: { code?: number; stdout?: string }) => {
      if (err.code === 1 && err.stdout) return err.stdout;
      throw err;
    },
  );
  return countOf(JSON.parse(stdout) as { state: string; strategies: StrategyView[] });
}

const report = (fields: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(fields)}\n`);

export async function probeWarmStart(options: ProbeOptions, cases: ReadonlySet<string>): Promise<Array<Record<string, unknown>>> {
  const results: Array<Record<string, unknown>> = [];
  const out = (fields: Record<string, unknown>): void => {
    results.push(fields);
    report(fields);
  };
  const base = { SCANNER_MARKET_PROFILE: options.profile, SCANNER_THREADS: String(options.threads) };
  const dir = await mkdtemp(path.join(tmpdir(), 'scanner-warm-'));
  const stateDir = path.join(dir, 'state');
  try {
    if (cases.has('cold') || cases.has('ready') || cases.has('restart')) {
      const server = await startServer({ ...base, SCANNER_STATE_DIR: stateDir, SCANNER_CALIBRATION: 'on' });
      if (cases.has('cold')) out({ case: 'cold: first scan the moment it listens', ...(await scan(server.url, options.budgetMs, 'u1')) });
      const secondsToReady = await waitReady(server.url);
      if (cases.has('ready')) out({ case: 'first scan after /readyz', secondsToReady, ...(await scan(server.url, options.budgetMs, 'u2')) });
      await server.stop();
      const size = await stat(path.join(stateDir, 'costs.json')).then((s) => s.size, () => null);
      out({ case: 'state file', bytes: size });
      if (cases.has('restart')) {
        const again = await startServer({ ...base, SCANNER_STATE_DIR: stateDir, SCANNER_CALIBRATION: 'off' });
        const secondsToReady = await waitReady(again.url);
        out({ case: 'restart, calibration off, first scan after /readyz', secondsToReady, ...(await scan(again.url, options.budgetMs, 'u3')) });
        await again.stop();
      }
    }
    if (cases.has('cluster') && options.redisUrl) {
      const prefix = `warmprobe-${process.pid}-${Date.now()}`;
      const cluster = { SCANNER_REDIS_URL: options.redisUrl, SCANNER_REDIS_PREFIX: prefix };
      const a = await startServer({ ...base, ...cluster, SCANNER_STATE_DIR: path.join(dir, 'a'), SCANNER_CALIBRATION: 'on', SCANNER_INSTANCE_ID: 'probe-a' });
      await waitReady(a.url);
      await scan(a.url, options.budgetMs, 'ua');
      await a.stop();
      const b = await startServer({ ...base, ...cluster, SCANNER_STATE_DIR: path.join(dir, 'b'), SCANNER_CALIBRATION: 'off', SCANNER_INSTANCE_ID: 'probe-b' });
      const secondsToReady = await waitReady(b.url);
      const read = b.logs.find((l) => l.msg === 'strategy costs read from the cluster');
      out({ case: 'new instance in a warm cluster, calibration off, first scan after /readyz', secondsToReady, adopted: read?.adopted, ...(await scan(b.url, options.budgetMs, 'ub')) });
      await b.stop();
      // The run's keys go with it: the shared costs and BullMQ's queue keys would otherwise outlive the probe.
      await deletePrefix(options.redisUrl, prefix);
    }
    if (cases.has('cli')) {
      const cliEnv = { ...base, SCANNER_STATE_DIR: path.join(dir, 'cli') };
      out({ case: 'CLI, first run', ...(await cliScan(cliEnv, options.budgetMs)) });
      out({ case: 'CLI, second run', ...(await cliScan(cliEnv, options.budgetMs)) });
    }
    if (cases.has('garbage')) {
      const garbageDir = path.join(dir, 'garbage');
      const first = await startServer({ ...base, SCANNER_STATE_DIR: garbageDir, SCANNER_CALIBRATION: 'off' });
      await waitReady(first.url);
      await scan(first.url, options.budgetMs, 'ug');
      await first.stop();
      const file = path.join(garbageDir, 'costs.json');
      const before = await readFile(file, 'utf8').catch(() => '');
      await writeFile(file, `\u0000garbage{${before.slice(0, 40)}`);
      const server = await startServer({ ...base, SCANNER_STATE_DIR: garbageDir });
      await waitReady(server.url);
      const warned = server.logs.some((l) => l.level === 40 && l.file === file);
      out({ case: 'garbage state file: warn logged, ready, default scan', warned, ...(await scan(server.url, 10_000, 'ug2')) });
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  const options: ProbeOptions = {
    profile: arg('profile', 'default') as ProbeOptions['profile'],
    threads: Number(arg('threads', '2')),
    budgetMs: Number(arg('budget', '300')),
    redisUrl: arg('redis', process.env.SCANNER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'),
  };
  const cases = new Set(arg('cases', 'cold,ready,restart,cluster,cli,garbage').split(','));
  probeWarmStart(options, cases).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
