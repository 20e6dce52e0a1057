// GET /debug/pool.json over a hand-filled PoolTimeline and a fake registry: the window, the queue depth carried into it,
// and the privacy rule — the route has no auth, so a scan id is shown only to the scan's owner.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createDebugRoutes } from '../../src/debug/debug-routes.js';
import { DEFAULT_POOL_SINCE_MS, type PoolView } from '../../src/debug/pool-view.js';
import { TraceStore } from '../../src/debug/trace-store.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { PoolViewSchema } from '../../src/http/schemas/pool-view-schema.js';
import { PoolTimeline } from '../../src/scheduling/pool-timeline.js';

const NOW = 1_700_000_100_000;
const owners = new Map([
  ['scan-alice', 'alice'],
  ['scan-bob', 'bob'],
]);
const registry = {
  ownerOf: (id: string) => owners.get(id),
  canSee: async (id: string, who: { userId: string }) => owners.get(id) === who.userId,
};

/** Two threads, 100 s of history: calibration, then alice's and bob's scans; thread 3 hard-aborted and replaced by 5. */
function filledTimeline(): PoolTimeline {
  const t = new PoolTimeline();
  t.setThreads(2);
  const at = (secondsAgo: number) => NOW - secondsAgo * 1000;
  t.taskEnded(t.taskStarted({ threadId: 3, scanId: null, strategy: 'calibration', startedAt: at(100), speculative: false }), at(99), 'succeeded', false);
  t.queueDepth(at(90), 4);
  t.taskEnded(t.taskStarted({ threadId: 3, scanId: 'scan-alice', strategy: 'momentum', startedAt: at(50), speculative: false }), at(40), 'succeeded', false);
  t.taskEnded(t.taskStarted({ threadId: 4, scanId: 'scan-bob', strategy: 'pairs', startedAt: at(45), speculative: true }), at(30), 'timed_out', true);
  t.mark({ type: 'hard_abort', at: at(30), threadId: 4, scanId: 'scan-bob', strategy: 'pairs' });
  t.mark({ type: 'worker_destroyed', at: at(30), threadId: 4 });
  t.mark({ type: 'worker_created', at: at(29), threadId: 5 });
  t.taskStarted({ threadId: 5, scanId: 'scan-alice', strategy: 'mean_reversion', startedAt: at(5), speculative: false });
  t.taskStarted({ threadId: 3, scanId: 'scan-gone', strategy: 'breakout', startedAt: at(2), speculative: false });
  t.mark({ type: 'preempted', at: at(1), threadId: null, scanId: 'scan-alice', strategy: 'momentum' });
  t.queueDepth(at(20), 2);
  return t;
}

/** The debug routes as the app mounts them (no auth), or behind a stand-in auth that trusts X-User-Id. */
function app(options: { auth?: boolean; timeline?: PoolTimeline } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (options.auth) {
    app.use('*', async (c, next) => {
      const user = c.req.header('X-User-Id');
      if (user) c.set('userId', user);
      await next();
    });
  }
  const poolTimeline = options.timeline ?? filledTimeline();
  app.route('/', createDebugRoutes({ registry, traces: new TraceStore({ cap: 10 }), poolTimeline, now: () => NOW }));
  return app;
}

async function getView(a: Hono<AppEnv>, query = '', headers: Record<string, string> = {}): Promise<PoolView> {
  const res = await a.request(`/debug/pool.json${query}`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as PoolView;
  // What the OpenAPI document promises.
  expect(PoolViewSchema.safeParse(body).success).toBe(true);
  return body;
}

describe('GET /debug/pool.json', () => {
  it('answers the last 60 s by default: spans that ended before it are left out, running ones are in', async () => {
    const view = await getView(app());
    expect(view).toMatchObject({ threads: 2, now: NOW, since: NOW - DEFAULT_POOL_SINCE_MS });
    expect(view.spans.map((s) => s.strategy)).toEqual(['momentum', 'pairs', 'mean_reversion', 'breakout']);
    expect(view.spans.filter((s) => s.endedAt === null).map((s) => s.strategy)).toEqual(['mean_reversion', 'breakout']);
    expect(view.marks.map((m) => m.type)).toEqual(['hard_abort', 'worker_destroyed', 'worker_created', 'preempted']);
    expect(view.spans.find((s) => s.strategy === 'pairs')).toMatchObject({ threadId: 4, speculative: true, hardAborted: true, status: 'timed_out' });
  });

  it('starts the queue at the depth it had when the window opened (the recorder keeps changes only)', async () => {
    const view = await getView(app());
    expect(view.queue).toEqual([
      { at: NOW - 60_000, depth: 4 },
      { at: NOW - 20_000, depth: 2 },
    ]);
    const short = await getView(app(), '?sinceMs=10000');
    expect(short.queue).toEqual([{ at: NOW - 10_000, depth: 2 }]);
  });

  it('narrows to sinceMs', async () => {
    const view = await getView(app(), '?sinceMs=10000');
    expect(view.since).toBe(NOW - 10_000);
    expect(view.spans.map((s) => s.strategy)).toEqual(['mean_reversion', 'breakout']);
    expect(view.marks.map((m) => m.type)).toEqual(['preempted']);
    const all = await getView(app(), '?sinceMs=3600000');
    expect(all.spans.map((s) => s.strategy)).toEqual(['calibration', 'momentum', 'pairs', 'mean_reversion', 'breakout']);
  });

  it('as mounted by the app (no auth), shows every scan as foreign: no scan id at all', async () => {
    const view = await getView(app(), '?sinceMs=3600000', { 'X-User-Id': 'alice' });
    expect(view.spans.every((s) => s.scanId === null && !s.own)).toBe(true);
    expect(view.marks.every((m) => m.scanId === null && !m.own)).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/scan-(alice|bob|gone)/);
  });

  it('behind auth, shows the caller’s own scan ids and hides everyone else’s', async () => {
    const view = await getView(app({ auth: true }), '?sinceMs=3600000', { 'X-User-Id': 'alice' });
    const byStrategy = Object.fromEntries(view.spans.map((s) => [s.strategy, { scanId: s.scanId, own: s.own }]));
    expect(byStrategy).toEqual({
      calibration: { scanId: null, own: false }, // background work stays, as background
      momentum: { scanId: 'scan-alice', own: true },
      pairs: { scanId: null, own: false }, // bob's
      mean_reversion: { scanId: 'scan-alice', own: true },
      breakout: { scanId: null, own: false }, // expired: no owner left to compare with
    });
    expect(view.marks.map((m) => [m.type, m.scanId, m.own])).toEqual([
      ['hard_abort', null, false],
      ['worker_destroyed', null, false],
      ['worker_created', null, false],
      ['preempted', 'scan-alice', true],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/scan-(bob|gone)/);
    const bob = await getView(app({ auth: true }), '?sinceMs=3600000', { 'X-User-Id': 'bob' });
    expect(bob.spans.filter((s) => s.own).map((s) => s.scanId)).toEqual(['scan-bob']);
  });

  it('publishes only the documented span fields, whatever else a span object carries', async () => {
    const timeline = new PoolTimeline();
    const span = timeline.taskStarted({ threadId: 1, scanId: 'scan-bob', strategy: 'pairs', startedAt: NOW - 10, speculative: false });
    Object.assign(span, { userId: 'bob', params: { secret: 1 } });
    const view = await getView(app({ timeline }));
    expect(Object.keys(view.spans[0] ?? {}).sort()).toEqual(['endedAt', 'hardAborted', 'own', 'scanId', 'speculative', 'startedAt', 'status', 'strategy', 'threadId']);
  });

  it('says which chunk of a chunked strategy a span ran', async () => {
    const timeline = new PoolTimeline();
    timeline.taskStarted({ threadId: 1, scanId: null, strategy: 'complex_strategy', startedAt: NOW - 10, speculative: false, chunk: { index: 3, total: 16 } });
    const view = await getView(app({ timeline }));
    expect(view.spans[0]).toMatchObject({ strategy: 'complex_strategy', chunk: { index: 3, total: 16 } });
  });

  it.each(['0', '-5', '1.5', '1e3', 'abc', '', ' 100', '3600001', '99999999', '0x10'])('answers 400 VALIDATION_FAILED for sinceMs=%j', async (raw) => {
    const res = await app().request(`/debug/pool.json?sinceMs=${encodeURIComponent(raw)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'sinceMs' }] });
  });

  it('is not mounted without a pool timeline', async () => {
    const bare = new Hono<AppEnv>().route('/', createDebugRoutes({ registry, traces: new TraceStore({ cap: 10 }) }));
    expect((await bare.request('/debug/pool.json')).status).toBe(404);
  });
});
