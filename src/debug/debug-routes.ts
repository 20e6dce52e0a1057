// The visualizer's routes: each scan's trace (JSON and live SSE), the laid-out statechart and the self-hosted page.
// (GET /v1/machines/scan, the raw definition, is served with the catalogue by the HTTP layer.)
// Mounted by the app behind its auth middleware. Trace routes answer only the scan's owner (404 for anyone else, as for
// an unknown id); the page, its assets and the chart layout carry no user data (a browser cannot send a bearer token
// when it navigates to /debug, so they must not need one). The pool view (/debug/pool.json) is fetched by the page with
// the caller's identity (the app puts it behind auth) and shows scan ids only to their owner (see pool-view.ts).
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AnyStateMachine } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import type { Engine, RemoteTraceReader } from '../engine/engine.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import type { CostReport } from '../core/warm-start.js';
import type { AppEnv } from '../web/app-env.js';
import { ServiceError, problemResponse, scanNotFound, toServiceError } from '../web/problem.js';
import { debugAsset } from './debug-assets.js';
import { inspectStream, type StreamRegistry, type TraceSource } from './inspect-stream.js';
import { parseSinceMs, poolView } from './pool-view.js';
import { statechartLayout } from './statechart-layout.js';
import { traceNotFound } from './trace-not-found.js';
import type { TraceRecord } from './trace-record.js';
import type { TraceStore, TraceSubscription } from './trace-store.js';

export interface DebugRoutesDeps {
  /** Who may see which scan. */
  registry: Pick<Engine, 'canSee' | 'ownerOf'>;
  traces: TraceStore;
  /** Distributed mode: traces of scans recorded on other instances (the local store has those run here). */
  remoteTraces?: RemoteTraceReader;
  /** The machine to describe and draw; default: the scan machine. */
  machine?: AnyStateMachine;
  /** SSE heartbeat interval, ms (default 15000, like the scan events stream). */
  heartbeatMs?: number;
  /**
   * The app's open-stream tracker (HttpLifecycle.streams): inspection streams then count toward its bound and end on
   * shutdown. `add` returns undefined when the bound is reached.
   */
  streams?: StreamRegistry;
  /** The worker pool's recent activity: when given, GET /debug/pool.json is mounted. */
  poolTimeline?: Pick<PoolTimeline, 'view'>;
  /** Wall-clock ms, the pool timeline's clock (default Date.now); tests pin it. */
  now?: () => number;
  /** Where strategy costs come from, shown with the pool (src/scheduling/warm-start.ts). */
  costs?: () => CostReport;
}

// The page talks only to this origin; the browser enforces it too (hono's secure-headers writes the CSP and nosniff).
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

const pageNotFound = (): Response => problemResponse(new ServiceError('NOT_FOUND', 404, { detail: 'No such visualizer file.' }));

/** A remote trace reader as the inspect stream's source, under the local store's bounds. */
function remoteTraceSource(remote: RemoteTraceReader, local: TraceStore): TraceSource {
  return {
    cap: local.cap,
    maxListeners: local.maxListeners,
    async subscribe(scanId, listener): Promise<TraceSubscription> {
      const follower = { record: (record: unknown) => listener.record(record as TraceRecord), end: () => listener.end() };
      const subscription = await remote.follow(scanId, follower);
      if (!subscription) return { ok: false, reason: 'unknown' };
      return { ok: true, backlog: subscription.backlog as TraceRecord[], done: subscription.done, unsubscribe: subscription.unsubscribe };
    },
  };
}

export function createDebugRoutes(deps: DebugRoutesDeps): Hono<AppEnv> {
  const { registry, traces, remoteTraces } = deps;
  const machine = deps.machine ?? scanMachine;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const app = new Hono<AppEnv>();

  /** The scan id when the caller may see the scan (the scan routes' rule: anything else is the same 404). */
  const ownedScan = async (c: Context<AppEnv>): Promise<string | undefined> => {
    const id = c.req.param('id') ?? '';
    return (await registry.canSee(id, { userId: c.get('userId') })) ? id : undefined;
  };

  app.get('/v1/scans/:id/trace', async (c) => {
    const id = await ownedScan(c);
    if (id === undefined) return problemResponse(scanNotFound());
    // A scan this instance ran has its trace here; one run elsewhere (distributed mode) has it in the shared store.
    const records = traces.records(id) ?? (await remoteTraces?.records(id));
    if (!records) return problemResponse(traceNotFound());
    c.header('Cache-Control', 'no-store');
    return c.json(records);
  });

  app.get('/v1/scans/:id/inspect', async (c) => {
    const id = await ownedScan(c);
    if (id === undefined) return problemResponse(scanNotFound());
    // Decimal digits only, like every integer the service reads from a request; anything else resumes from the start.
    const raw = c.req.header('Last-Event-ID') ?? '';
    const lastEventId = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
    try {
      // A scan run here has its trace here; one run elsewhere (distributed mode) is read from its owner's mirror.
      return await inspectStream(c, {
        traces: traces.has(id) || !remoteTraces ? traces : remoteTraceSource(remoteTraces, traces),
        scanId: id,
        afterSeq: lastEventId,
        heartbeatMs,
        streams: deps.streams,
      });
    } catch (err) {
      return problemResponse(toServiceError(err));
    }
  });

  app.get('/debug/graph.json', (c) => c.json(statechartLayout(machine)));

  const { poolTimeline } = deps;
  if (poolTimeline) {
    const now = deps.now ?? Date.now;
    app.get('/debug/pool.json', (c) => {
      const sinceMs = parseSinceMs(c.req.query('sinceMs'));
      if (typeof sinceMs !== 'number') return problemResponse(sinceMs);
      // Typed string, but unset when no auth middleware ran (an app that mounts it without one): then nobody owns anything.
      const caller: string | undefined = c.get('userId');
      c.header('Cache-Control', 'no-store');
      return c.json(poolView(poolTimeline, registry, caller, now(), sinceMs, deps.costs?.() ?? null));
    });
  }

  app.get('/debug', pageHeaders, async (c) => {
    const page = await debugAsset('index.html');
    if (!page) return pageNotFound();
    return c.body(page.body, 200, { 'Content-Type': page.contentType, 'Cache-Control': 'no-cache' });
  });

  app.get('/debug/assets/:name', pageHeaders, async (c) => {
    const asset = await debugAsset(c.req.param('name'));
    if (!asset) return pageNotFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'Cache-Control': 'no-cache' });
  });

  return app;
}
