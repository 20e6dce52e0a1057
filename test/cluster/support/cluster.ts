// Several instances of the service on one Redis, as child processes (`node dist/src/main.js`) on free loopback ports,
// the way they run in production. Every run gets a key prefix of its own, so runs never see each other, and leaves
// nothing behind: its instances are stopped and every key under its prefix is deleted.
//
// Redis comes from SCANNER_TEST_REDIS_URL (default redis://127.0.0.1:6379). Without a reachable Redis the distributed
// specs are skipped with a warning, unless CI is set: then they run, and fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { freePort, LOOPBACK, startChildServer, type ChildExit, type ChildServer } from '../../../bench/lib/child-server.js';
import { benchRedisUrl, deletePrefix, redisReachable } from '../../../bench/suites/cluster/redis.js';
import { compiledPath, compiledUrl } from '../../../src/compiled-path.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';

export const TEST_REDIS_URL = benchRedisUrl();

const reachable = await redisReachable(TEST_REDIS_URL);
if (!reachable) {
  const what = process.env.CI ? 'CI is set: the distributed tests run and will fail' : 'skipping the distributed tests';
  console.warn(`[test/cluster] no Redis answers at ${TEST_REDIS_URL} (set SCANNER_TEST_REDIS_URL): ${what}.`);
}

/** `describe` for specs that need Redis: skipped without one, except under CI, where a missing Redis is a failure. */
export const describeCluster = reachable || process.env.CI ? describe : describe.skip;

/** Fails under CI when Redis is missing (otherwise the suite is skipped before this runs). */
export function requireRedis(): void {
  if (!reachable) throw new Error(`no Redis answers at ${TEST_REDIS_URL}, and CI is set: distributed mode cannot be tested`);
}

/** What every instance runs with: the fixture strategies of fixed cost, the tiny market, no calibration, quiet logs. */
const BASE_ENV: Record<string, string> = {
  SCANNER_CATALOGUE_URL: compiledUrl('test/fixtures/fixture-catalogue'),
  SCANNER_MARKET_PROFILE: 'tiny',
  SCANNER_CALIBRATION: 'off',
  SCANNER_THREADS: '1',
  SCANNER_SPARE_THREADS: '0',
  SCANNER_LOG_LEVEL: 'warn',
};

export interface Instance {
  /** Its SCANNER_INSTANCE_ID: what snapshots name in `instance`. */
  readonly id: string;
  readonly url: string;
  /** Sends one signal (SIGKILL: a crash; SIGTERM: a clean shutdown). */
  kill(signal: NodeJS.Signals): void;
  readonly exit: Promise<ChildExit>;
  /** SIGTERM, and SIGKILL after a while; resolves once the process has exited. */
  stop(): Promise<void>;
  output(): string;
}

export class Cluster {
  /** Unique per run: every key, channel and the BullMQ queue live under it. */
  readonly prefix = `scanner-test-${randomBytes(5).toString('hex')}`;
  /** Where this run's instances keep their learned costs; removed by close(). */
  readonly stateRoot = path.join(tmpdir(), this.prefix);
  readonly redisUrl: string;
  readonly #children: ChildServer[] = [];
  #started = 0;

  constructor(redisUrl = TEST_REDIS_URL) {
    this.redisUrl = redisUrl;
  }

  /** Starts one instance on this run's prefix; `env` adds to or overrides the defaults. */
  async start(name: string, env: Record<string, string> = {}): Promise<Instance> {
    const id = `${name}-${this.prefix.slice(-4)}-${++this.#started}`;
    const child = await startChildServer({
      label: `instance ${id}`,
      script: compiledPath('src/main'),
      // Each instance its own empty state directory (a new machine), never the repository's .scanner/.
      env: { ...BASE_ENV, SCANNER_REDIS_URL: this.redisUrl, SCANNER_REDIS_PREFIX: this.prefix, SCANNER_INSTANCE_ID: id, SCANNER_STATE_DIR: path.join(this.stateRoot, id), ...env },
      // Ready, not just alive: an instance takes scans from the shared queue only once it is (src/scheduling/readiness.ts).
      readyPath: '/readyz',
      readyTimeoutMs: 30_000,
      captureStdout: true,
    });
    this.#children.push(child);
    return { id, url: child.url, kill: (signal) => child.kill(signal), exit: child.exit, stop: () => child.stop(10_000), output: () => child.output() };
  }

  /** Starts two instances side by side (each loads its pool while the other does). */
  async startPair(names: [string, string], env: Record<string, string> = {}): Promise<[Instance, Instance]> {
    const [first, second] = names;
    return Promise.all([this.start(first, env), this.start(second, env)]);
  }

  /** Stops every instance still running, then deletes every key under the prefix. */
  async close(): Promise<void> {
    await Promise.all(this.#children.map((child) => child.stop(10_000)));
    if (await redisReachable(this.redisUrl)) await deletePrefix(this.redisUrl, this.prefix);
    await rm(this.stateRoot, { recursive: true, force: true });
  }
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: T;
}

/** One user's view of one instance (dev mode: the user is the X-User-Id header). */
export function as(instance: Pick<Instance, 'url'>, userId: string) {
  const send = async <T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply<T>> => {
    const res = await fetch(`${instance.url}${path}`, {
      method,
      headers: { 'X-User-Id': userId, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
  return {
    userId,
    headers: { 'X-User-Id': userId },
    post: (body: Record<string, unknown>) => send<ScanSnapshot>('POST', '/v1/scans', { body }),
    get: (id: string, query = '', headers: Record<string, string> = {}) => send<ScanSnapshot>('GET', `/v1/scans/${id}${query}`, { headers }),
    cancel: (id: string) => send<ScanSnapshot>('DELETE', `/v1/scans/${id}`),
    list: () => send<{ scans: Array<{ id: string; state: string }> }>('GET', '/v1/scans'),
    trace: (id: string) => send<unknown>('GET', `/v1/scans/${id}/trace`),
    /** Long-polls until the scan is final (or `timeoutMs` passes, then throws). */
    async final(id: string, timeoutMs = 20_000): Promise<ScanSnapshot> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const left = until - Date.now();
        if (left <= 0) throw new Error(`scan ${id} not final within ${timeoutMs} ms on ${instance.url}`);
        const res = await send<ScanSnapshot>('GET', `/v1/scans/${id}?waitMs=${Math.min(5_000, left)}`);
        if (res.status !== 200) throw new Error(`GET ${id} on ${instance.url} answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (res.body.done) return res.body;
      }
    },
    /** Polls until `test` holds for the scan's snapshot (or throws after `timeoutMs`). */
    async until(id: string, test: (s: ScanSnapshot) => boolean, timeoutMs = 10_000): Promise<ScanSnapshot> {
      const until = Date.now() + timeoutMs;
      let last: Reply<ScanSnapshot> | undefined;
      while (Date.now() < until) {
        last = await send<ScanSnapshot>('GET', `/v1/scans/${id}`);
        if (last.status === 200 && test(last.body)) return last.body;
        await sleep(20);
      }
      throw new Error(`scan ${id} never got there within ${timeoutMs} ms; last: ${last?.status} ${JSON.stringify(last?.body)}`);
    },
  };
}

export type UserClient = ReturnType<typeof as>;

export async function health(instance: Pick<Instance, 'url'>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${instance.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One sample of a Prometheus text exposition, or undefined if absent. */
export async function metric(instance: Pick<Instance, 'url'>, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${instance.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work(i)` for i in 0…count-1, at most `concurrency` at a time. */
export async function inPool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** A short random user id (distinct users never reuse each other's scans). */
export const userId = (tag: string): string => `${tag}-${randomBytes(4).toString('hex')}`;

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM; nothing is saved: it runs without persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

/**
 * A redis-server of its own on a free port, without persistence, for specs that stop and start Redis. `args` are added
 * after the defaults (later settings win), e.g. `['--appendonly', 'yes', '--dir', tmp]`.
 */
export async function startPrivateRedis(binary = process.env.SCANNER_TEST_REDIS_SERVER ?? '/usr/bin/redis-server', args: string[] = []): Promise<PrivateRedis> {
  if (!existsSync(binary)) throw new Error(`no redis-server at ${binary} (set SCANNER_TEST_REDIS_SERVER)`);
  const port = await freePort();
  const url = `redis://${LOOPBACK}:${port}`;
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const started = spawn(binary, ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' });
    started.on('error', () => undefined); // a failed spawn shows as no answer below
    child = started;
    const until = Date.now() + 10_000;
    while (!(await redisReachable(url, 200))) {
      if (started.exitCode !== null || Date.now() > until) throw new Error(`redis-server on port ${port} did not start (exit ${started.exitCode})`);
      await sleep(50);
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    await exited;
  };
  await launch();
  process.once('exit', () => child?.kill('SIGKILL'));
  return { port, url, stop, restart: launch };
}
