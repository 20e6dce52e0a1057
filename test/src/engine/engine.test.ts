// The engine API as every adapter sees it — use cases with identities, refusals as EngineErrors with codes — specified
// once and run over each store: in memory (the embedded default) and in Redis (distributed mode, test/support/engine-modes.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/engine-error.js';
import type { Engine } from '../../../src/engine/engine.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';
import { ENGINE_MODES, type EngineMode } from '../../support/engine-modes.js';

const alice = { userId: 'alice' };
const bob = { userId: 'bob' };

async function refusal(fn: () => Promise<unknown>): Promise<EngineError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected an EngineError');
}

describe.each(ENGINE_MODES)('Engine over the $name store', (mode: EngineMode) => {
  const test = mode.runnable ? it : it.skip;
  let open: Engine[] = [];
  afterEach(async () => {
    await Promise.all(open.map((e) => e.close()));
    open = [];
    await mode.cleanup();
  });

  async function engine(env: Record<string, string> = {}): Promise<Engine> {
    const built = await mode.build(env);
    open.push(built);
    return built;
  }

  test('starts a scan that is readable at once, and returns the running one to its owner unless forced', async () => {
    const e = await engine();
    const first = await e.start({ strategies: ['slow'] }, alice);
    expect(first).toMatchObject({ reused: false, snapshot: { state: 'initiated', userId: 'alice' } });
    // Named by the instance that runs it; null while it waits in a shared queue for one (distributed mode).
    expect([e.instance, null]).toContain(first.snapshot.instance);
    expect((await e.read(first.snapshot.id, alice)).id).toBe(first.snapshot.id);
    expect(await e.start({ strategies: ['fast'] }, alice)).toMatchObject({ reused: true, snapshot: { id: first.snapshot.id } });
    const forced = await e.start({ strategies: ['fast'], force: true }, alice);
    expect(forced.reused).toBe(false);
    expect(await e.whenFinal(forced.snapshot.id)).toMatchObject({ state: 'complete', instance: e.instance });
  });

  test('answers SCAN_NOT_FOUND alike for another user’s scan, an unknown id and a malformed one', async () => {
    const e = await engine();
    const { snapshot } = await e.start({ strategies: ['fast'] }, alice);
    for (const [id, who] of [[snapshot.id, bob], ['no-such-scan', alice], ['../etc', alice]] as const) {
      expect((await refusal(() => e.read(id, who))).code).toBe('SCAN_NOT_FOUND');
    }
    expect(await e.canSee(snapshot.id, alice)).toBe(true);
    expect(await e.canSee(snapshot.id, bob)).toBe(false);
  });

  test('refuses unknown strategies and symbols, naming them and the valid strategies', async () => {
    const e = await engine();
    expect(await refusal(() => e.start({ strategies: ['fast', 'moon_phase'] }, alice))).toMatchObject({ code: 'UNKNOWN_STRATEGY', extra: { validStrategies: expect.arrayContaining(['fast']) } });
    expect(await refusal(() => e.start({ symbols: ['AAA', 'ZZZ'] }, alice))).toMatchObject({ code: 'UNKNOWN_SYMBOL', extra: { unknownSymbols: ['ZZZ'] } });
    expect(await refusal(() => e.start({ portfolio: { QQQ: 1 } }, alice))).toMatchObject({ code: 'UNKNOWN_SYMBOL', extra: { unknownSymbols: ['QQQ'] } });
  });

  test('follows a scan: the current snapshot, every new version in order, ending with the final one', async () => {
    const e = await engine();
    const { snapshot } = await e.start({ strategies: ['fast', 'fast_b'] }, alice);
    const seen: ScanSnapshot[] = [];
    for await (const s of e.follow(snapshot.id, alice)) seen.push(s);
    expect(seen[0]?.version).toBe(snapshot.version);
    expect(seen.map((s) => s.version)).toEqual([...seen.map((s) => s.version)].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ done: true, state: 'complete' });
  });

  test('long-polls until the version changes, or answers the current snapshot after waitMs', async () => {
    const e = await engine();
    const { snapshot } = await e.start({ strategies: ['t100'] }, alice);
    const changed = await e.poll(snapshot.id, alice, { sinceVersion: snapshot.version, waitMs: 5_000 });
    expect(changed.version).toBeGreaterThan(snapshot.version);
    const final = await e.whenFinal(snapshot.id);
    expect(await e.poll(snapshot.id, alice, { sinceVersion: final.version, waitMs: 50 })).toBe(final);
  });

  test('cancels a running scan, keeping what finished, and leaves a final one alone', async () => {
    const e = await engine();
    const { snapshot } = await e.start({ strategies: ['slow'] }, alice);
    const cancelled = await e.cancel(snapshot.id, alice);
    expect(cancelled).toMatchObject({ changed: true, snapshot: { state: 'cancelled', done: true } });
    expect(await e.cancel(snapshot.id, alice)).toMatchObject({ changed: false });
    expect((await e.list(alice, 10)).map((s) => s.id)).toEqual([snapshot.id]);
    expect(await e.list(bob, 10)).toEqual([]);
  });

  test('once shutdown has begun, starts no new scan (SHUTTING_DOWN), while the scans it runs finish', async () => {
    const e = await engine();
    const { snapshot } = await e.start({ strategies: ['t100'] }, alice);
    let seen = snapshot;
    while (seen.state === 'initiated') seen = await e.poll(seen.id, alice, { sinceVersion: seen.version, waitMs: 5_000 });
    await e.beginShutdown();
    expect(await refusal(() => e.start({ strategies: ['fast'] }, bob))).toMatchObject({ code: 'SHUTTING_DOWN', retryAfterSec: 5 });
    expect(await e.whenFinal(snapshot.id)).toMatchObject({ state: 'complete', instance: e.instance });
  });

  test('refuses past the bounds with SCAN_CAPACITY and a Retry-After, registering nothing', async () => {
    // One thread, one running scan and one waiting: in memory the process's bounds are reached; in Redis the shared
    // queue's (the instance has no room to take the waiting one).
    const e = await engine({ SCANNER_THREADS: '1', SCANNER_MAX_RUNNING_SCANS: '1', SCANNER_MAX_QUEUED_SCANS: '1' });
    // 'cooperative' runs until it is stopped (here: when the engine closes).
    const running = await e.start({ strategies: ['cooperative'], budgetMs: 30_000 }, { userId: 'u1' });
    let seen = running.snapshot;
    while (seen.state === 'initiated') seen = await e.poll(seen.id, { userId: 'u1' }, { sinceVersion: seen.version, waitMs: 5_000 });
    expect(seen.state).toBe('running');
    await e.start({ strategies: ['cooperative'], budgetMs: 30_000 }, { userId: 'u2' });
    const refused = await refusal(() => e.start({ strategies: ['fast'] }, { userId: 'u3' }));
    expect(refused.code).toBe('SCAN_CAPACITY');
    expect(refused.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSec).toBeLessThanOrEqual(30);
    expect(await e.list({ userId: 'u3' }, 10)).toEqual([]);
  });
});
