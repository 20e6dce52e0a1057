// GET /v1/scans/{id}/events: the scan as Server-Sent Events. First the current snapshot, then one `snapshot` event per
// new version (id = version), a `: ping` comment on an interval, and the stream ends after the final snapshot.
// Reconnecting (Last-Event-ID) simply resumes with the current snapshot. Streams are bounded and end on shutdown.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { createRouter } from './router.js';
import { ScanIdParamSchema } from './schemas/request-schemas.js';
import { authErrors, bearerSecurity, problem } from './schemas/openapi-responses.js';
import { sseResponse, type SseEvent } from '../web/sse.js';

export function scanEventsRoute(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  const route = createRoute({
    method: 'get',
    path: '/v1/scans/{id}/events',
    summary: 'Stream a scan as Server-Sent Events',
    description: 'Events: `snapshot` (data = the snapshot JSON, id = version); `: ping` comments keep the connection alive; the stream ends after the final snapshot.',
    security: bearerSecurity,
    request: { params: ScanIdParamSchema },
    responses: {
      200: { description: 'text/event-stream of snapshots', content: { 'text/event-stream': { schema: z.string() } } },
      ...authErrors,
      404: problem('Unknown, expired or foreign id (SCAN_NOT_FOUND)'),
      429: problem('Too many open streams (STREAM_CAPACITY)'),
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const identity = { userId: c.get('userId') };
    await deps.engine.read(id, identity); // 404 before the stream starts
    return sseResponse(c, {
      heartbeatMs: deps.config.http.ssePingMs,
      streams: deps.lifecycle.streams,
      onError: (err) => deps.logger.warn({ err, scanId: id }, 'event stream failed'),
      events: (signal) => snapshotEvents(deps.engine.follow(id, identity, signal)),
    });
  });
  return app;
}

async function* snapshotEvents(snapshots: AsyncIterable<{ version: number }>): AsyncGenerator<SseEvent> {
  for await (const snapshot of snapshots) yield { event: 'snapshot', id: String(snapshot.version), data: JSON.stringify(snapshot) };
}
