// GET /v1/scans/{id}/events: the scan as Server-Sent Events. First the current snapshot, then one `snapshot` event per
// new version (id = version), a `: ping` comment on an interval, and the stream ends after the final snapshot.
// Reconnecting (Last-Event-ID) simply resumes with the current snapshot. Streams are bounded and end on shutdown.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ScanSnapshot } from '../scan-snapshot.js';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from './app-env.js';
import { ServiceError } from './problem.js';
import { createRouter } from './router.js';
import { requireSnapshot } from './scan-access.js';
import { ScanIdParamSchema } from './schemas/request-schemas.js';
import { authErrors, bearerSecurity, problem } from './schemas/openapi-responses.js';

/** Queues snapshots between the registry (synchronous) and the stream (async writes), and wakes the writer. */
class SnapshotFeed {
  readonly #queue: ScanSnapshot[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(snapshot: ScanSnapshot): void {
    this.#queue.push(snapshot);
    this.#wakeUp();
  }

  end(): void {
    this.#ended = true;
    this.#wakeUp();
  }

  /** The next snapshot; undefined once ended and drained (a final snapshot pushed before `end` is still delivered). */
  async next(): Promise<ScanSnapshot | undefined> {
    while (this.#queue.length === 0 && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
    return this.#queue.shift();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

async function pump(stream: SSEStreamingApi, first: ScanSnapshot, feed: SnapshotFeed): Promise<void> {
  let lastVersion = -1;
  let snapshot: ScanSnapshot | undefined = first;
  while (snapshot && !stream.aborted) {
    // Subscribing may overlap with the first snapshot: never send a version twice or out of order.
    if (snapshot.version > lastVersion) {
      await stream.writeSSE({ event: 'snapshot', id: String(snapshot.version), data: JSON.stringify(snapshot) });
      lastVersion = snapshot.version;
    }
    if (snapshot.done) return;
    snapshot = await feed.next();
  }
}

export function scanEventsRoute(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  const { registry } = deps.service;
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
  app.openapi(route, (c) => {
    const { id } = c.req.valid('param');
    const first = requireSnapshot(registry, id, c.get('userId'));
    const feed = new SnapshotFeed();
    const release = deps.lifecycle.streams.add(() => feed.end());
    if (!release) {
      throw new ServiceError('STREAM_CAPACITY', 429, { detail: 'Too many open event streams.', headers: { 'Retry-After': '5' } });
    }
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      const unsubscribe = registry.subscribe(id, (snapshot) => feed.push(snapshot));
      const ping = setInterval(() => void stream.write(': ping\n\n'), deps.config.http.ssePingMs);
      const cleanup = (): void => {
        clearInterval(ping);
        unsubscribe();
        feed.end();
        release();
      };
      stream.onAbort(cleanup);
      try {
        // The registry may have moved on between the 404 check and here: start from its newest snapshot.
        await pump(stream, registry.snapshot(id) ?? first, feed);
      } catch (err) {
        deps.logger.warn({ err, scanId: id }, 'event stream failed');
      } finally {
        cleanup();
      }
    });
  });
  return app;
}
