// POST/GET/DELETE /v1/scans…: start, read (ETag, 304, long-poll), cancel and list the caller's scans.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { AppEnv } from './app-env.js';
import type { RouteDeps } from './app-deps.js';
import { etagOf, versionFromEtag } from './etag.js';
import { jsonBody } from './json-body.js';
import { refuseEarly } from './refuse-early.js';
import { shuttingDown } from './problem.js';
import { createRouter } from './router.js';
import { ScanIdParamSchema, ListQuerySchema, SnapshotQuerySchema } from './schemas/request-schemas.js';
import { authErrors, bearerSecurity, json, problem } from './schemas/openapi-responses.js';
import { ScanListSchema, ScanSnapshotSchema } from './schemas/snapshot-schemas.js';

/** Seconds a client should wait before polling a scan that is not final again. */
export const POLL_AFTER_SEC = 1;

const snapshotHeaders = {
  ETag: { schema: { type: 'string' as const }, description: '"<id>-<version>"' },
  'Retry-After': { schema: { type: 'integer' as const }, description: 'Seconds until the next poll is worthwhile (while not final).' },
};

function setSnapshotHeaders(c: Context<AppEnv>, snapshot: ScanSnapshot): void {
  c.header('ETag', etagOf(snapshot));
  c.header('Cache-Control', 'no-store');
  if (!snapshot.done) c.header('Retry-After', String(POLL_AFTER_SEC));
}

/**
 * Serialized bodies of snapshots that are served again and again: the registry hands out one shared object per final
 * scan, so polls of a finished 14-strategy scan (~35 KB) serialize it once instead of once per request.
 */
const serialized = new WeakMap<ScanSnapshot, string>();

function snapshotBody(snapshot: ScanSnapshot): string {
  let body = serialized.get(snapshot);
  if (body === undefined) {
    body = JSON.stringify(snapshot);
    if (snapshot.done) serialized.set(snapshot, body);
  }
  return body;
}

function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function scanRoutes(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  const { engine } = deps;
  const identity = (c: Context<AppEnv>) => ({ userId: c.get('userId') });

  const create = createRoute({
    method: 'post',
    path: '/v1/scans',
    summary: 'Start a scan',
    description: 'Registers the scan before answering; if you already have a scan running (and `force` is not true), answers with it and `Scan-Reused: true`.',
    security: bearerSecurity,
    middleware: [refuseEarly(deps), ...jsonBody(deps.config.http.maxBodyBytes)],
    request: { body: { content: { 'application/json': { schema: deps.scanRequest } } } },
    responses: {
      202: { ...json(ScanSnapshotSchema, 'Accepted: the scan (state initiated, or your running scan when reused)'), headers: {
        Location: { schema: { type: 'string' }, description: '/v1/scans/{id}' },
        'Retry-After': snapshotHeaders['Retry-After'],
        'Scan-Reused': { schema: { type: 'string' }, description: '"true" when your running scan was returned' },
      } },
      ...authErrors,
      413: problem('Body over the configured limit (PAYLOAD_TOO_LARGE)'),
      415: problem('Body is not application/json (UNSUPPORTED_MEDIA_TYPE)'),
      429: problem(
        'Running + queued scans at their bound (SCAN_CAPACITY), or, given the queue and the learned costs, not one strategy could finish before the deadline (OVERLOADED, with predictedWaitMs); both carry Retry-After',
      ),
      503: problem('Shutting down (SHUTTING_DOWN)'),
    },
  });
  app.openapi(create, (c) => {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    const { snapshot, reused } = engine.start(c.req.valid('json') ?? {}, identity(c));
    c.header('Location', `/v1/scans/${snapshot.id}`);
    c.header('Retry-After', String(POLL_AFTER_SEC));
    c.header('Cache-Control', 'no-store');
    if (reused) c.header('Scan-Reused', 'true');
    return c.json(snapshot, 202);
  });

  const read = createRoute({
    method: 'get',
    path: '/v1/scans/{id}',
    summary: 'Read a scan (ETag / If-None-Match, long-poll with waitMs)',
    security: bearerSecurity,
    request: { params: ScanIdParamSchema, query: SnapshotQuerySchema },
    responses: {
      200: { ...json(ScanSnapshotSchema, 'The current snapshot'), headers: snapshotHeaders },
      304: { description: 'Not modified: If-None-Match equals the current ETag' },
      ...authErrors,
      404: problem('Unknown, expired or foreign id (SCAN_NOT_FOUND)'),
    },
  });
  app.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const { waitMs, version } = c.req.valid('query');
    const ifNoneMatch = c.req.header('If-None-Match');
    const snapshot =
      waitMs !== undefined && waitMs > 0
        ? await engine.poll(id, identity(c), {
            sinceVersion: version ?? versionFromEtag(ifNoneMatch, id),
            waitMs,
            // The client going away or shutdown ends the wait early.
            signals: [c.req.raw.signal, deps.lifecycle.signal],
          })
        : engine.read(id, identity(c));
    setSnapshotHeaders(c, snapshot);
    if (matchesIfNoneMatch(ifNoneMatch, etagOf(snapshot))) return c.body(null, 304);
    return c.body(snapshotBody(snapshot), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  const cancel = createRoute({
    method: 'delete',
    path: '/v1/scans/{id}',
    summary: 'Cancel a scan (keeps every finished result)',
    security: bearerSecurity,
    request: { params: ScanIdParamSchema },
    responses: {
      200: json(ScanSnapshotSchema, 'The scan was already final: nothing changed'),
      202: json(ScanSnapshotSchema, 'Cancelled: running strategies stopped, queued ones never start'),
      ...authErrors,
      404: problem('Unknown, expired or foreign id (SCAN_NOT_FOUND)'),
    },
  });
  app.openapi(cancel, (c) => {
    const { snapshot, changed } = engine.cancel(c.req.valid('param').id, identity(c));
    c.header('Cache-Control', 'no-store');
    return changed ? c.json(snapshot, 202) : c.json(snapshot, 200);
  });

  const list = createRoute({
    method: 'get',
    path: '/v1/scans',
    summary: "The caller's scans, newest first",
    security: bearerSecurity,
    request: { query: ListQuerySchema },
    responses: { 200: json(ScanListSchema, 'Your scans'), ...authErrors },
  });
  app.openapi(list, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ scans: engine.list(identity(c), c.req.valid('query').limit) }, 200);
  });

  return app;
}
