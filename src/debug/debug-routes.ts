// The visualizer's routes: each scan's trace (JSON and live SSE), the laid-out statechart and the self-hosted page.
// (GET /v1/machines/scan, the raw definition, is served with the catalogue by the HTTP layer.)
// Mounted by the app behind its auth middleware. Trace routes answer only the scan's owner (404 for anyone else, as for
// an unknown id); the page, its assets and the chart layout carry no user data (a browser cannot send a bearer token
// when it navigates to /debug, so they must not need one). The pool view (/debug/pool.json) is fetched by the page with
// the caller's identity (the app puts it behind auth) and shows scan ids only to their owner (see pool-view.ts).
import { Hono, type Context } from 'hono';
import type { AnyStateMachine } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import type { ScanRegistry } from '../scan-registry.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import type { AppEnv } from '../http/app-env.js';
import { ServiceError, problemResponse, scanNotFound } from '../http/problem.js';
import { visibleSnapshot } from '../http/scan-access.js';
import { debugAsset } from './debug-assets.js';
import { inspectStream, type StreamRegistry } from './inspect-stream.js';
import { parseSinceMs, poolView } from './pool-view.js';
import { statechartLayout } from './statechart-layout.js';
import { traceNotFound } from './trace-not-found.js';
import type { TraceStore } from './trace-store.js';

export interface DebugRoutesDeps {
  registry: Pick<ScanRegistry, 'ownerOf' | 'snapshot'>;
  traces: TraceStore;
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
}

// The page talks only to this origin; the browser enforces it too.
const PAGE_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': PAGE_CSP };

const pageNotFound = (): Response => problemResponse(new ServiceError('NOT_FOUND', 404, { detail: 'No such visualizer file.' }));

export function createDebugRoutes(deps: DebugRoutesDeps): Hono<AppEnv> {
  const { registry, traces } = deps;
  const machine = deps.machine ?? scanMachine;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const app = new Hono<AppEnv>();

  /** The scan id when the caller may see the scan (the scan routes' rule: anything else is the same 404). */
  const ownedScan = (c: Context<AppEnv>): string | undefined => {
    const id = c.req.param('id') ?? '';
    return visibleSnapshot(registry, id, c.get('userId')) ? id : undefined;
  };

  app.get('/v1/scans/:id/trace', (c) => {
    const id = ownedScan(c);
    if (id === undefined) return problemResponse(scanNotFound());
    const records = traces.records(id);
    if (!records) return problemResponse(traceNotFound());
    c.header('Cache-Control', 'no-store');
    return c.json(records);
  });

  app.get('/v1/scans/:id/inspect', (c) => {
    const id = ownedScan(c);
    if (id === undefined) return problemResponse(scanNotFound());
    const lastEventId = Number(c.req.header('Last-Event-ID') ?? 0);
    return inspectStream(c, {
      traces,
      scanId: id,
      afterSeq: Number.isSafeInteger(lastEventId) ? lastEventId : 0,
      heartbeatMs,
      streams: deps.streams,
    });
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
      return c.json(poolView(poolTimeline, registry, caller, now(), sinceMs));
    });
  }

  app.get('/debug', async (c) => {
    const page = await debugAsset('index.html');
    if (!page) return pageNotFound();
    return c.body(page.body, 200, { 'Content-Type': page.contentType, ...PAGE_HEADERS });
  });

  app.get('/debug/assets/:name', async (c) => {
    const asset = await debugAsset(c.req.param('name'));
    if (!asset) return pageNotFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.contentType, ...PAGE_HEADERS });
  });

  return app;
}
