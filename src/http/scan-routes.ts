// POST/GET/DELETE /v1/scans…: start, read (ETag, 304, long-poll), cancel and list the caller's scans.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ScanSnapshot } from '../engine/engine.js';
import type { AppEnv } from '../web/app-env.js';
import type { RouteDeps } from './app-deps.js';
import { etagOf, versionFromEtag } from './etag.js';
import { jsonBody } from './json-body.js';
import { refuseEarly } from './refuse-early.js';
import { shuttingDown } from '../web/problem.js';
import { createRouter, queryValidator } from './router.js';
import { ScanIdParamSchema, ListQuerySchema, SnapshotQuerySchema } from './schemas/request-schemas.js';
import { authErrors, bearerSecurity, json, problem } from './schemas/openapi-responses.js';
import { ScanListSchema, ScanSnapshotSchema } from './schemas/snapshot-schemas.js';

/** Seconds a client should wait before polling a scan that is not final again. */
export const POLL_AFTER_SEC = 1;

const snapshotHeaders = {
  ETag: { schema: { type: 'string' as const }, description: '"<id>-<version>"' },
  'Retry-After': { schema: { type: 'integer' as const }, description: 'Seconds until the next poll is worthwhile (while not final).' },
};

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** What reads of one snapshot answer with: its ETag, the headers of a 304 and of a 200, and the 200's body once serialized. */
interface SnapshotReply {
  etag: string;
  notModifiedHeaders: Record<string, string>;
  okHeaders: Record<string, string>;
  body?: string;
}

/**
 * Replies to snapshots that are served again and again: the registry hands out one shared object per final scan, so
 * polls of a finished 14-strategy scan (~35 KB) serialize it and build its headers once instead of once per request.
 * The headers are plain objects, not `c.header()`: that builds a fetch `Headers` per response, a good part of what a 304
 * costs (@hono/node-server writes plain objects as they are).
 */
const replies = new WeakMap<ScanSnapshot, SnapshotReply>();

function replyFor(snapshot: ScanSnapshot): SnapshotReply {
  let reply = replies.get(snapshot);
  if (reply === undefined) {
    const etag = etagOf(snapshot);
    const notModifiedHeaders: Record<string, string> = snapshot.done
      ? { ETag: etag, 'Cache-Control': 'no-store' }
      : { ETag: etag, 'Cache-Control': 'no-store', 'Retry-After': String(POLL_AFTER_SEC) };
    reply = { etag, notModifiedHeaders, okHeaders: { ...notModifiedHeaders, 'Content-Type': JSON_CONTENT_TYPE } };
    if (snapshot.done) replies.set(snapshot, reply);
  }
  return reply;
}

function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === etag || header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * 304 when If-None-Match names the snapshot's ETag, else 200 with the snapshot. A Response of its own rather than
 * `c.body()`: headers set with `c.header()` earlier in the chain would not be merged into it (no middleware of this
 * route sets any).
 */
function readResponse(snapshot: ScanSnapshot, ifNoneMatch: string | undefined): Response {
  const reply = replyFor(snapshot);
  if (matchesIfNoneMatch(ifNoneMatch, reply.etag)) return new Response(null, { status: 304, headers: reply.notModifiedHeaders });
  return new Response((reply.body ??= JSON.stringify(snapshot)), { status: 200, headers: reply.okHeaders });
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
      415: problem('Body is not application/json in UTF-8 (UNSUPPORTED_MEDIA_TYPE)'),
      429: problem(
        'Running + queued scans at their bound (SCAN_CAPACITY), or, given the queue and the learned costs, not one strategy could finish before the deadline (OVERLOADED, with predictedWaitMs); both carry Retry-After',
      ),
      503: problem('Shutting down (SHUTTING_DOWN)'),
    },
  });
  app.openapi(create, async (c) => {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    const { snapshot, reused } = await engine.start(c.req.valid('json') ?? {}, identity(c));
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
  // The status poll is the route clients call most, so it checks its input itself rather than through the validators
  // app.openapi() would add (two async zod parses per request, about a third of what a 304 cost): documented from `read`
  // like every route, with the same query schema and the same 400; the path id is any string (the params schema has no
  // rule), and an id the engine never issued is its 404.
  app.openAPIRegistry.registerPath(read);
  const validQuery = queryValidator(SnapshotQuerySchema);
  app.get('/v1/scans/:id', function readScan(c): Response | Promise<Response> {
    const id = c.req.param('id');
    const { waitMs, version } = validQuery(c);
    const ifNoneMatch = c.req.header('If-None-Match');
    if (waitMs === undefined || waitMs === 0) return engine.read(id, identity(c)).then((snapshot) => readResponse(snapshot, ifNoneMatch));
    const waited = engine.poll(id, identity(c), {
      sinceVersion: version ?? versionFromEtag(ifNoneMatch, id),
      waitMs,
      // The client going away or shutdown ends the wait early.
      signals: [c.req.raw.signal, deps.lifecycle.signal],
    });
    return waited.then((snapshot) => readResponse(snapshot, ifNoneMatch));
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
  app.openapi(cancel, async (c) => {
    const { snapshot, changed } = await engine.cancel(c.req.valid('param').id, identity(c));
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
  app.openapi(list, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ scans: await engine.list(identity(c), c.req.valid('query').limit) }, 200);
  });

  return app;
}
