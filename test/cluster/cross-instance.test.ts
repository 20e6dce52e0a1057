// One truth for status, cancel from anywhere, reuse and placement (issue 12, §2–4): two instances share scans through
// Redis, so whichever instance a request reaches answers as the instance running the scan would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { readSse } from '../http/support/sse-client.js';
import { as, Cluster, describeCluster, metric, requireRedis, userId, type Instance } from './support/cluster.js';

/** Scans here are far from their deadline: nothing below depends on the machine's speed. */
const BUDGET_MS = 15_000;
/**
 * Keeps an instance of one thread full for about 2.1 s: strategies of fixed cost, all planned to fit (a strategy planned
 * to miss would run only speculatively, on a thread the instance still counts as free for a new scan).
 */
const FILL = { strategies: ['t1500', 't400', 't200'] };

describeCluster('cross-instance reads, cancels, reuse and placement', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  /** The instance of the two that is not `id`. */
  const other = (id: string | null): Instance => (id === a.id ? b : a);
  const byId = (id: string | null): Instance => (id === a.id ? a : b);

  beforeAll(async () => {
    requireRedis();
    // One thread each: one scan at a time fills an instance.
    [a, b] = await cluster.startPair(['a', 'b']);
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  /** Starts a scan on `on` and waits until it runs somewhere; returns the snapshot that says where. */
  async function running(on: Instance, user: string, body: { strategies: string[] }): Promise<ScanSnapshot> {
    const posted = await as(on, user).post({ budgetMs: BUDGET_MS, ...body });
    expect(posted.status).toBe(202);
    return as(on, user).until(posted.body.id, (s) => s.state === 'running');
  }

  it('a long-poll on the instance not running the scan returns its next version; ETags and 304 match on both', async () => {
    const user = userId('poll');
    const scan = await running(a, user, { strategies: ['t400', 't200', 't100'] });
    const owner = as(byId(scan.instance), user);
    const elsewhere = as(other(scan.instance), user);

    const now = await owner.get(scan.id);
    const etag = now.headers.get('etag') as string;
    expect(etag).toBe(`"${scan.id}-${now.body.version}"`);
    // The ETag the owner gave names the version a long-poll elsewhere waits to see change.
    const next = await elsewhere.get(scan.id, '?waitMs=10000', { 'If-None-Match': etag });
    expect(next.status).toBe(200);
    expect(next.body.version).toBeGreaterThan(now.body.version);
    const byVersion = await elsewhere.get(scan.id, `?waitMs=10000&version=${next.body.version}`);
    expect(byVersion.body.done || byVersion.body.version > next.body.version).toBe(true);

    const final = await elsewhere.final(scan.id);
    expect(final.state).toBe('complete');
    const [onOwner, onOther] = await Promise.all([owner.get(scan.id), elsewhere.get(scan.id)]);
    expect(onOther.body).toEqual(onOwner.body);
    expect(onOther.headers.get('etag')).toBe(onOwner.headers.get('etag'));
    // Either instance's ETag is good on the other.
    expect((await elsewhere.get(scan.id, '', { 'If-None-Match': onOwner.headers.get('etag') as string })).status).toBe(304);
    expect((await owner.get(scan.id, '', { 'If-None-Match': onOther.headers.get('etag') as string })).status).toBe(304);
  });

  it('SSE on either instance delivers the same versions, ending with the final one', async () => {
    const user = userId('sse');
    const scan = await running(a, user, { strategies: ['t400', 't200', 't100', 't50', 't20'] });
    const stream = (on: Instance) => readSse(`${on.url}/v1/scans/${scan.id}/events`, { headers: { 'X-User-Id': user } });
    const [fromOwner, fromOther] = await Promise.all([stream(byId(scan.instance)), stream(other(scan.instance))]);

    const versions = (events: typeof fromOwner.events) => events.map((e) => Number(e.id));
    for (const result of [fromOwner, fromOther]) {
      expect(result.status).toBe(200);
      expect(result.ended).toBe(true);
      const last = JSON.parse(result.events.at(-1)?.data ?? '{}') as ScanSnapshot;
      expect(last.done).toBe(true);
      expect(last.state).toBe('complete');
      const seen = versions(result.events);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(new Set(seen).size).toBe(seen.length);
    }
    // The owner coalesces the versions it stores (src/cluster/snapshot-mirror.ts): elsewhere a stream may skip versions,
    // but every version it delivers is the owner's, state for state, and it ends on the same final one.
    const view = (events: typeof fromOwner.events) =>
      events.map((e) => JSON.parse(e.data) as ScanSnapshot).map((s) => ({ version: s.version, state: s.state, progress: s.progress }));
    const owners = new Map(view(fromOwner.events).map((s) => [s.version, s]));
    const from = versions(fromOwner.events)[0] ?? 0;
    for (const seen of view(fromOther.events).filter((s) => s.version >= from)) expect(seen).toEqual(owners.get(seen.version));
    expect(view(fromOther.events).at(-1)).toEqual(view(fromOwner.events).at(-1));
    expect(view(fromOther.events).length).toBeGreaterThanOrEqual(2);
  });

  it('/trace and /inspect answer on the instance not running the scan, while it runs and once it is final', async () => {
    const user = userId('trace');
    const scan = await running(a, user, { strategies: ['t400', 't200', 't100'] });
    const elsewhere = other(scan.instance);
    const owner = byId(scan.instance);
    // While it runs: the records so far, then every later one, ending with the scan's final snapshot.
    const midway = await as(elsewhere, user).trace(scan.id);
    expect(midway.status).toBe(200);
    expect((midway.body as unknown[]).length).toBeGreaterThan(0);
    const live = await readSse(`${elsewhere.url}/v1/scans/${scan.id}/inspect`, { headers: { 'X-User-Id': user } });
    expect(live.status).toBe(200);
    expect(live.ended).toBe(true);
    expect(live.events.at(-1)?.event).toBe('end');
    const seqs = live.events.filter((e) => e.event === 'trace').map((e) => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Final: the same records on both instances; another user gets the scan routes' 404.
    await as(elsewhere, user).final(scan.id);
    const [onOwner, onOther] = await Promise.all([as(owner, user).trace(scan.id), as(elsewhere, user).trace(scan.id)]);
    expect(onOther.body).toEqual(onOwner.body);
    expect((onOther.body as Array<{ seq: number }>).at(-1)?.seq).toBe(seqs.at(-1));
    expect((await as(elsewhere, userId('stranger')).trace(scan.id)).status).toBe(404);
  });

  it('DELETE on the instance not running the scan cancels it; finished strategies keep their results', async () => {
    const user = userId('cancel');
    // One thread: whatever order the plan picks, at least 800 ms of work is left once the first strategy has succeeded.
    const posted = await as(a, user).post({ strategies: ['t1500', 't400', 'slow'], budgetMs: BUDGET_MS });
    const scan = await as(a, user).until(posted.body.id, (s) => s.progress.succeeded >= 1);
    const succeeded = scan.strategies.filter((s) => s.status === 'succeeded').map((s) => s.id);
    const runningNow = scan.strategies.filter((s) => s.status === 'running').map((s) => s.id);
    expect(runningNow).toHaveLength(1);

    const started = performance.now();
    const cancelled = await as(other(scan.instance), user).cancel(scan.id);
    const cancelMs = performance.now() - started;
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', done: true, instance: scan.instance });
    for (const s of cancelled.body.strategies) {
      if (succeeded.includes(s.id)) expect([s.status, s.opportunities]).toEqual(['succeeded', 1]);
      else if (runningNow.includes(s.id)) expect([s.status, s.opportunities]).toEqual(['cancelled', 0]);
      else expect(s.status).toMatch(/^(skipped|cancelled)$/);
    }
    expect(cancelled.body.opportunities.map((o) => o.strategy).sort()).toEqual([...succeeded].sort());
    // The owner says the same.
    expect((await as(byId(scan.instance), user).get(scan.id)).body).toEqual(cancelled.body);
    console.info(`[cross-instance] DELETE of a running scan on the non-owner answered final in ${Math.round(cancelMs)} ms`);
  });

  it('DELETE of a scan still queued takes it out of the queue, on any instance; it never runs', async () => {
    // Both instances full.
    const blockers = await Promise.all([running(a, userId('full'), FILL), running(b, userId('full'), FILL)]);
    expect(new Set(blockers.map((s) => s.instance)).size).toBe(2);

    const user = userId('queued');
    const posted = await as(a, user).post({ strategies: ['fast'], budgetMs: BUDGET_MS });
    expect(posted.status).toBe(202);
    const queued = await as(b, user).get(posted.body.id);
    expect(queued.body).toMatchObject({ state: 'initiated', instance: null });
    // The shared queue shows in every instance's metrics.
    expect(await metric(b, 'scanner_queue_depth')).toBe(1);
    expect(await metric(a, 'scanner_queue_oldest_age_seconds')).toBeGreaterThan(0);

    const cancelled = await as(b, user).cancel(posted.body.id);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', done: true, instance: null });
    expect(cancelled.body.strategies.map((s) => s.status)).toEqual(['skipped']);
    expect(await metric(a, 'scanner_queue_depth')).toBe(0);

    // Once the instances are free again, it still has not run.
    for (const blocker of blockers) await as(a, blocker.userId).final(blocker.id);
    expect((await as(a, user).get(posted.body.id)).body).toEqual(cancelled.body);
  });

  it('queue wait counts against the budget: a scan no instance took before its deadline ends with its strategies skipped', async () => {
    const blockers = await Promise.all([running(a, userId('full'), FILL), running(b, userId('full'), FILL)]);
    expect(new Set(blockers.map((s) => s.instance)).size).toBe(2);
    const user = userId('late');
    const posted = await as(a, user).post({ strategies: ['t20', 't50'], budgetMs: 300 });
    expect(posted.status).toBe(202);

    const final = await as(b, user).final(posted.body.id);
    expect(final).toMatchObject({ state: 'failed', done: true, instance: null });
    expect(final.strategies.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['t20', 'skipped', 'NOT_PLACED'],
      ['t50', 'skipped', 'NOT_PLACED'],
    ]);
    // Final at its deadline (the accepting instance watches it), long before an instance frees a thread (FILL lasts about
    // 2.1 s) or a sweep finds it a lapse (2 s) later; the bound leaves room for a loaded machine.
    expect(Date.parse(final.finishedAt as string)).toBeLessThan(Date.parse(final.deadlineAt) + 1_500);
    for (const blocker of blockers) await as(a, blocker.userId).final(blocker.id);
  });

  it('a second POST by the same user on the other instance returns the running scan; force replaces and cancels it', async () => {
    const user = userId('reuse');
    const first = await running(a, user, { strategies: ['t1500'] });
    const elsewhere = as(other(first.instance), user);

    const again = await elsewhere.post({ strategies: ['t1500'], budgetMs: BUDGET_MS });
    expect(again.status).toBe(202);
    expect(again.headers.get('scan-reused')).toBe('true');
    expect(again.body.id).toBe(first.id);

    const forced = await elsewhere.post({ strategies: ['t20'], budgetMs: BUDGET_MS, force: true });
    expect(forced.status).toBe(202);
    expect(forced.headers.get('scan-reused')).toBeNull();
    expect(forced.body.id).not.toBe(first.id);
    expect((await as(a, user).final(first.id)).state).toBe('cancelled');
    expect((await as(b, user).final(forced.body.id)).state).toBe('complete');
  });

  it('a scan POSTed to a full instance runs on the idle one', async () => {
    const blocker = await running(a, userId('busy'), FILL);
    const busy = byId(blocker.instance);
    const user = userId('placed');
    const posted = await as(busy, user).post({ strategies: ['t20'], budgetMs: BUDGET_MS });
    const final = await as(busy, user).final(posted.body.id);
    expect(final).toMatchObject({ state: 'complete', instance: other(blocker.instance).id });
    // It did not wait for the busy instance to free a thread.
    const blockerFinal = await as(busy, blocker.userId).final(blocker.id);
    expect(Date.parse(final.finishedAt as string)).toBeLessThan(Date.parse(blockerFinal.finishedAt as string));
  });
});
