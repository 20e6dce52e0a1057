// Cancel is two-phase, like a deadline: the stop flag first, the hard abort only for a started task that has not returned a
// grace later. A task granted a worker that is still loading its modules never causes a terminate: Node 20 leaks the open
// files of a worker terminated while loading, and 2,000 quick cancels used to leak hundreds of descriptors.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StrategyOutcome } from '../../../machines/scan-types.js';
import type { StrategyPool, StrategyTaskRequest } from '../../../src/core/strategy-pool.js';
import type { PoolMarkType } from '../../../src/scheduling/pool-timeline.js';
import { coresClosedAfterEach, createFixturePool, fixtureCatalogueUrl, scanRequest, taskRequest, waitForFinal } from '../../support/engine.js';
import { until } from '../../support/until.js';

const open: StrategyPool[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

/** The pool alone, for the tests of a task's cancel; the scan-level tests below cancel through a whole core. */
function pool(options: Parameters<typeof createFixturePool>[0] = {}): StrategyPool {
  const created = createFixturePool({ threads: 2, graceMs: 50, ...options });
  open.push(created);
  return created;
}

/** A core as production builds it: 2 threads, 50 ms grace, `env` on top. */
const core = coresClosedAfterEach({ SCANNER_THREADS: '2', SCANNER_GRACE_MS: '50' });

const request = (strategy: string, overrides: Partial<StrategyTaskRequest> = {}): StrategyTaskRequest =>
  taskRequest(strategy, { strategyTimeoutMs: 10_000, ...overrides });

const marks = (p: StrategyPool, type: PoolMarkType, since: number) => p.timeline.view(Date.now(), since).marks.filter((m) => m.type === type);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

/** Every worker up (the spare included), nothing running or queued. */
const idle = (p: StrategyPool) => until(() => p.stats.workers === p.threads + 1 && p.stats.running === 0 && p.stats.queued === 0 && p.dispatcher.running === 0);

/** Starts a task, waits until a worker has started it, cancels it; resolves with its outcome and the ms from cancel to outcome. */
async function cancelOnceStarted(p: StrategyPool, strategy: string): Promise<{ outcome: StrategyOutcome; afterCancelMs: number }> {
  const abort = new AbortController();
  let started = false;
  const outcome = p.run(request(strategy), { signal: abort.signal, onStart: () => (started = true) });
  await until(() => started);
  const cancelledAt = Date.now();
  abort.abort();
  return { outcome: await outcome, afterCancelMs: Date.now() - cancelledAt };
}

describe('cancelling a strategy task', () => {
  it('stops a cooperative strategy through the stop flag, without terminating its worker', async () => {
    const p = pool({ graceMs: 1_000 }); // a long grace, so a loaded machine cannot make this a hard abort
    await p.run(request('fast')); // workers loaded
    await idle(p);
    const since = Date.now();
    const { outcome, afterCancelMs } = await cancelOnceStarted(p, 'cooperative');
    expect(outcome.status).toBe('cancelled');
    expect(afterCancelMs).toBeLessThan(p.graceMs); // the strategy polls its flag every few µs
    await sleep(100); // a terminate would show as worker_destroyed within a few ms
    expect(marks(p, 'hard_abort', since)).toEqual([]);
    expect(marks(p, 'worker_destroyed', since)).toEqual([]);
    expect(p.stats).toMatchObject({ workers: 3, running: 0, queued: 0 });
    expect(p.dispatcher.running).toBe(0); // its thread is free again
    expect(await p.run(request('fast'))).toMatchObject({ status: 'succeeded' });
  });

  it('still terminates a strategy that never polls the flag, a grace after the cancel', async () => {
    const p = pool();
    await p.run(request('fast'));
    await idle(p);
    const since = Date.now();
    const { outcome, afterCancelMs } = await cancelOnceStarted(p, 'spins');
    expect(outcome.status).toBe('cancelled');
    expect(afterCancelMs).toBeGreaterThanOrEqual(p.graceMs - 5); // timers may fire a millisecond early against Date.now()
    expect(afterCancelMs).toBeLessThan(2_000);
    expect(marks(p, 'hard_abort', since)).toHaveLength(1);
    await idle(p); // replaced
    expect(p.dispatcher.running).toBe(0);
    expect(await p.run(request('fast'))).toMatchObject({ status: 'succeeded' });
  });

  it('does not terminate a worker whose task returned while the main thread was too busy to hear of it', async () => {
    const p = pool({ graceMs: 100 });
    await p.run(request('fast'));
    await idle(p);
    const since = Date.now();
    const abort = new AbortController();
    let started = false;
    const outcome = p.run(request('cooperative'), { signal: abort.signal, onStart: () => (started = true) });
    await until(() => started);
    abort.abort();
    // The worker returns within microseconds of the flag, but its reply waits behind a main thread busy for longer than
    // the grace, and the next turn of the event loop runs the expired grace timer (timers phase) before it reads the
    // reply (poll phase): the worker's "returned" flag tells the timer there is nothing to terminate.
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const busyUntil = Date.now() + 10 * p.graceMs;
        while (Date.now() < busyUntil) {
          /* busy */
        }
        resolve();
      }),
    );
    expect((await outcome).status).toBe('cancelled');
    await sleep(100);
    expect(marks(p, 'hard_abort', since)).toEqual([]);
    expect(marks(p, 'worker_destroyed', since)).toEqual([]);
  });

  it('lets a worker still loading its modules pick up a cancelled task and return it, instead of terminating it', async () => {
    // A fresh pool: Piscina counts its first workers ready before they have loaded the worker module.
    const p = pool({ graceMs: 1_000 });
    const since = Date.now();
    const abort = new AbortController();
    let started = false;
    const outcome = p.run(request('cooperative'), { signal: abort.signal, onStart: () => (started = true) });
    await new Promise((resolve) => setImmediate(resolve)); // granted and handed to a worker; a worker takes 20+ ms to load
    expect(p.dispatcher.running).toBe(1);
    abort.abort();
    expect(started).toBe(false);
    expect((await outcome).status).toBe('skipped');
    await idle(p);
    expect(marks(p, 'hard_abort', since)).toEqual([]);
    expect(marks(p, 'worker_destroyed', since)).toEqual([]);
  });

  it('ends the scan at once, before any worker has returned, and drops the late outcomes', async () => {
    const { pool: p, registry } = core();
    await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
    const id = registry.create(scanRequest(['cooperative', 'spins']));
    await until(() => registry.snapshot(id)?.progress.running === 2);
    registry.cancel(id);
    const final = registry.snapshot(id);
    expect(final).toMatchObject({ state: 'cancelled', done: true, progress: { cancelled: 2 } });
    await idle(p);
    expect(registry.snapshot(id)?.version).toBe(final?.version); // late outcomes are dropped
  });
});

/**
 * The fixture strategies behind a module graph as big as the real catalogue's (49 files), written to a temporary
 * directory: a worker loads them asynchronously after Piscina has counted it ready, so a worker terminated while loading
 * is as likely as in production (the fixture catalogue alone is one file, read in a fraction of a millisecond).
 */
async function catalogueWithModules(dir: string, modules: number): Promise<string> {
  const lines = [`export { strategyCatalogue } from '${fixtureCatalogueUrl}';`];
  for (let i = 0; i < modules; i++) {
    const file = path.join(dir, `module-${i}.mjs`);
    await writeFile(file, `// filler module ${i}\nexport const weights${i} = Object.freeze(${JSON.stringify(Array.from({ length: 64 }, (_, k) => k * i))});\n`);
    lines.push(`import '${pathToFileURL(file).href}';`);
  }
  const catalogue = path.join(dir, 'catalogue.mjs');
  await writeFile(catalogue, `${lines.join('\n')}\n`);
  return pathToFileURL(catalogue).href;
}

describe('quick cancels', () => {
  const CYCLES = 2_000;
  const LANES = 4; // cycles run in 4 concurrent lanes, so 2,000 cycles take seconds, not minutes
  const MAX_GAP_MS = 80;
  const SLACK = 10;

  it.skipIf(process.platform !== 'linux')(`${CYCLES} create-then-cancel cycles leave the open descriptors flat`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scanner-catalogue-'));
    const { pool: p, registry } = core({ SCANNER_CATALOGUE_URL: await catalogueWithModules(dir, 48), SCANNER_MAX_RETAINED: '100' });
    try {
      await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
      await idle(p);
      const before = openDescriptors();
      const startedAt = Date.now();
      let cycle = 0;
      const lane = async (): Promise<void> => {
        while (cycle < CYCLES) {
          const i = cycle++;
          const id = registry.create(scanRequest(['cooperative', 'slow'], { userId: `user-${i % LANES}` }));
          await sleep((i * 37) % (MAX_GAP_MS + 1)); // every gap from 0 to 80 ms, interleaved
          registry.cancel(id);
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
      await idle(p);
      await sleep(200);
      const after = openDescriptors();
      console.info(`${CYCLES} quick cancels in ${Date.now() - startedAt} ms: ${before} → ${after} open descriptors`);
      expect(after - before).toBeLessThanOrEqual(SLACK);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
