// Graceful shutdown, bounded by one grace period: refuse new work (healthz and POST answer 503), let running scans
// finish, cancel whatever is still running (finished results are kept), let event streams deliver their final snapshot,
// then close the server and the pool. `server.close()` alone would wait forever on open SSE responses (hono gotcha),
// so streams are ended explicitly and remaining connections are cut at the end.
import type { Server } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Engine } from '../engine/engine.js';
import type { HttpLifecycle } from './lifecycle.js';

export interface ShutdownDeps {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  engine: Pick<Engine, 'activeCount' | 'cancelAll' | 'close' | 'beginShutdown'>;
  lifecycle: HttpLifecycle;
  logger: Logger;
  /** Total time shutdown may take, ms. */
  shutdownGraceMs: number;
}

/** Part of the grace kept for closing (stream flush, pool, sockets) after scans had their chance. */
const closeReserveMs = (shutdownGraceMs: number): number => Math.min(1_000, Math.floor(shutdownGraceMs / 4));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForScans(engine: ShutdownDeps['engine'], until: number): Promise<boolean> {
  while (engine.activeCount > 0 && Date.now() < until) await sleep(Math.min(20, Math.max(1, until - Date.now())));
  return engine.activeCount === 0;
}

function closeServer(server: ShutdownDeps['server']): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Runs the whole shutdown; resolves when the server and the pool are closed. Never rejects. */
export async function gracefulShutdown(deps: ShutdownDeps, reason: string): Promise<void> {
  const { engine, lifecycle, logger, shutdownGraceMs } = deps;
  const started = Date.now();
  const deadline = started + shutdownGraceMs;
  const scansUntil = deadline - closeReserveMs(shutdownGraceMs);
  lifecycle.beginShutdown();
  // Distributed mode: take no more scans from the shared queue; those still queued stay there for the other instances.
  await engine.beginShutdown();
  logger.info({ reason, activeScans: engine.activeCount, openStreams: lifecycle.streams.size, shutdownGraceMs }, 'shutting down');

  if (!(await waitForScans(engine, scansUntil))) {
    const cancelled = engine.cancelAll();
    logger.warn({ cancelled }, 'cancelled scans still running at the end of the shutdown grace');
  }
  // Cancelled and finished scans have pushed their final snapshot to their streams; give the streams time to send it.
  const flushed = await lifecycle.streams.whenEmpty(Math.max(50, (deadline - Date.now()) / 2));
  lifecycle.streams.endAll();

  const serverClosed = closeServer(deps.server);
  try {
    await engine.close();
  } catch (err) {
    logger.error({ err }, 'closing the worker pool failed');
  }
  // Keep-alive sockets that finish their last response after close() stay open until closed as idle; sweep them until
  // the server is closed, and cut whatever is left at the deadline.
  const sweep = setInterval(() => deps.server.closeIdleConnections(), 25);
  const cut = setTimeout(() => deps.server.closeAllConnections(), Math.max(0, deadline - Date.now()));
  await serverClosed;
  clearInterval(sweep);
  clearTimeout(cut);
  logger.info({ ms: Date.now() - started, streamsFlushed: flushed }, 'shutdown complete');
}
