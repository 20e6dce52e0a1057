// GET /openapi.json: the OpenAPI 3.1 document generated from the schemas the routes validate with. Routes not built with
// OpenAPIHono (the visualizer's, and this one) are described here by hand so that the document lists every route.
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { MAX_POOL_SINCE_MS } from '../debug/pool-view.js';
import type { AppEnv } from '../web/app-env.js';
import { authErrors, bearerSecurity, json, problem } from './schemas/openapi-responses.js';
import { PoolViewQuerySchema, PoolViewSchema } from './schemas/pool-view-schema.js';

const ScanIdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

function registerPoolView(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/debug/pool.json',
    summary: "The worker pool's recent activity: task spans per worker thread, queue depth, aborts and replacements",
    description: 'Spans and marks of scans the caller does not own carry scanId null and own false.',
    security: bearerSecurity,
    request: { query: PoolViewQuerySchema },
    responses: {
      200: json(PoolViewSchema, 'The last sinceMs ms of the pool timeline'),
      ...authErrors,
      400: problem(`sinceMs is not an integer from 1 to ${MAX_POOL_SINCE_MS}, or an invalid X-User-Id (VALIDATION_FAILED, INVALID_USER_ID)`),
    },
  });
}

function registerDebugPaths(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerPath({
    method: 'get',
    path: '/v1/scans/{id}/trace',
    summary: "The scan's recorded XState inspection events",
    security: bearerSecurity,
    request: { params: ScanIdParam },
    responses: {
      200: json(z.array(z.record(z.string(), z.unknown())), 'Inspection events, oldest first'),
      ...authErrors,
      404: problem('Unknown, expired or foreign id (SCAN_NOT_FOUND), or a scan without a trace (NOT_FOUND)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/scans/{id}/inspect',
    summary: "The scan's inspection events, live",
    security: bearerSecurity,
    request: { params: ScanIdParam },
    responses: {
      200: { description: 'text/event-stream of inspection events', content: { 'text/event-stream': { schema: z.string() } } },
      ...authErrors,
      404: problem('Unknown, expired or foreign id (SCAN_NOT_FOUND), or a scan without a trace (NOT_FOUND)'),
      429: problem('Too many open streams (STREAM_CAPACITY)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/debug',
    summary: 'Self-hosted live visualizer page',
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/debug/graph.json',
    summary: 'The scan statechart laid out for the visualizer',
    responses: { 200: json(z.record(z.string(), z.unknown()), 'Nodes and edges with positions') },
  });
  registry.registerPath({
    method: 'get',
    path: '/debug/assets/{name}',
    summary: "The visualizer page's scripts and styles",
    request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) }) },
    responses: {
      200: {
        description: 'The asset',
        content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() }, 'text/html': { schema: z.string() } },
      },
      404: problem('No such asset'),
    },
  });
}

/** The security every /v1 route declares in dev mode: none, or the X-User-Id the server then reads (both optional). */
const DEV_SECURITY = [{}, { devUser: [] }];

/**
 * In dev mode (no tokens configured) the server asks for no credentials, so the document must not either: a client or a
 * validator built from it would otherwise send or demand a bearer token the server never reads. Every operation that
 * declares bearerAuth declares DEV_SECURITY instead.
 */
function withDevSecurity(doc: ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>): typeof doc {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          const declared = (operation as { security?: unknown[] }).security;
          return [method, declared === undefined ? operation : { ...(operation as object), security: DEV_SECURITY }];
        }),
      ),
    ]),
  );
  return { ...doc, paths };
}

export interface OpenApiOptions {
  /** The visualizer's routes are mounted. */
  debugRoutes: boolean;
  /** So is GET /debug/pool.json. */
  poolView?: boolean;
  /** No tokens configured: the document requires no credentials (see `withDevSecurity`). */
  devMode: boolean;
}

export function mountOpenApi(app: OpenAPIHono<AppEnv>, options: OpenApiOptions): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: options.devMode
      ? 'Tokens from SCANNER_TOKENS. None are configured on this server (dev mode): no route requires one.'
      : 'Tokens from SCANNER_TOKENS: every /v1 and compatibility route requires one.',
  });
  if (options.devMode) {
    app.openAPIRegistry.registerComponent('securitySchemes', 'devUser', {
      type: 'apiKey',
      in: 'header',
      name: 'X-User-Id',
      description: 'Dev mode only: who the caller is (1–64 characters of A–Z, a–z, 0–9, ".", "_", "-"); without it, "anonymous".',
    });
  }
  if (options.debugRoutes) registerDebugPaths(app);
  if (options.debugRoutes && options.poolView) registerPoolView(app);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3.1 document') },
  });
  let served: string | undefined;
  app.get('/openapi.json', function openApiDocument(c) {
    // Built on first request, once every route is registered; the document never changes while the process runs.
    if (served === undefined) {
      const doc = app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'opportunity-scanner',
          version: '1.0.0',
          description: 'Runs trading-opportunity strategies on a deadline-enforcing worker pool; poll, long-poll or stream each scan.',
        },
        servers: [{ url: '/' }],
      });
      served = JSON.stringify(options.devMode ? withDevSecurity(doc) : doc);
    }
    return c.body(served, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
