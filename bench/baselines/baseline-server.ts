// The main-thread baseline server for the status-latency comparison: the same HTTP stack as the service (Hono on
// @hono/node-server) over the Promise.race runner, so strategies run on the event loop that also answers status polls —
// the architecture of the replaced asyncio service. Only what the benchmark drives: start a scan, read it, health.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hono } from 'hono';
import type { StrategyParams } from '../../workers/strategy-types.js';
import type { BaselineScan, PromiseRaceScanRunner } from './promise-race-runner.js';

export interface BaselineAppOptions {
  runner: PromiseRaceScanRunner;
  strategyIds: readonly string[];
  symbols: readonly string[];
  defaultPortfolio: Readonly<Record<string, number>>;
}

interface StartBody {
  strategies?: string[];
  budgetMs?: number;
  strategyTimeoutMs?: number;
  symbols?: string[];
  portfolio?: Record<string, number>;
}

function view(scan: BaselineScan) {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: scan.id,
    userId: scan.userId,
    state: scan.state,
    done: scan.finishedAt !== null,
    createdAt: iso(scan.createdAt),
    finishedAt: iso(scan.finishedAt),
    deadlineAt: iso(scan.deadlineAt),
    strategies: scan.strategies,
    opportunities: scan.opportunities,
  };
}

export function createBaselineApp(options: BaselineAppOptions): Hono {
  const app = new Hono();
  const userOf = (header: string | undefined): string => header ?? 'anonymous';
  let running = 0;

  app.get('/healthz', (c) => c.json({ status: 'ok', scans: { running } }));

  // The same reading the service's /metrics gives (nodejs_eventloop_lag_*): percentiles since the previous read, in ms.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.get('/loop-delay', (c) => {
    const ms = (ns: number): number => ns / 1e6;
    const body = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), count: loop.count };
    loop.reset();
    return c.json(body);
  });

  app.post('/v1/scans', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as StartBody;
    const params: StrategyParams = {
      symbols: body.symbols ?? [...options.symbols],
      portfolio: body.portfolio ?? { ...options.defaultPortfolio },
    };
    const { id, done } = options.runner.start({
      userId: userOf(c.req.header('x-user-id')),
      strategies: body.strategies ?? [...options.strategyIds],
      budgetMs: body.budgetMs ?? 10_000,
      strategyTimeoutMs: body.strategyTimeoutMs ?? 30_000,
      params,
    });
    running++;
    void done.finally(() => running--);
    const scan = options.runner.get(id) as BaselineScan;
    return c.json(view(scan), 202, { Location: `/v1/scans/${id}` });
  });

  app.get('/v1/scans/:id', (c) => {
    const scan = options.runner.get(c.req.param('id'));
    if (!scan || scan.userId !== userOf(c.req.header('x-user-id'))) return c.json({ code: 'SCAN_NOT_FOUND' }, 404);
    return c.json(view(scan), 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
