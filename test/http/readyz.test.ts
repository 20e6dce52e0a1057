// GET /readyz: 503 problem+json naming what it waits for until the process serves at full speed, then 200; shutdown
// turns it to 503 before anything else; /healthz stays liveness and says where the costs came from; /metrics has the
// time to ready. Readiness is driven by hand (a calibration that ends when the test says), never by the clock.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.js';
import { gracefulShutdown } from '../../src/http/graceful-shutdown.js';
import { HttpLifecycle } from '../../src/http/lifecycle.js';
import { createLogger } from '../../src/observability/logger.js';
import { ScannerMetrics } from '../../src/observability/metrics.js';
import { watchReadiness } from '../../src/observability/readiness-metrics.js';
import type { CalibrationResult } from '../../src/core/calibration.js';
import { WarmStart } from '../../src/core/warm-start.js';
import { createFixtureEngine, fixtureCatalogueUrl, type FixtureEngine } from '../fixtures/fixture-engine.js';
import { LogSink, listenApp } from './support/readyz-support.js';
import { loadContract, type Contract } from './support/contract.js';

interface Setup {
  fixture: FixtureEngine;
  warm: WarmStart;
  app: ReturnType<typeof createApp>;
  lifecycle: HttpLifecycle;
  metrics: ScannerMetrics;
  logs: LogSink;
  finishCalibration(): void;
  warming: Promise<void>;
}

let dir: string;
let setup: Setup | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'readyz-'));
});
afterEach(async () => {
  if (setup) {
    setup.finishCalibration();
    await setup.warming;
    await setup.warm.close();
    setup.metrics.close();
    await setup.fixture.engine.close();
  }
  setup = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<Setup> {
  const logs = new LogSink();
  const logger = createLogger({ level: 'info', destination: logs });
  const fixture = createFixtureEngine({ SCANNER_SHUTDOWN_GRACE_MS: '2000' });
  const warm = new WarmStart({ stateDir: dir, calibration: true, cluster: null, log: logger, catalogueUrl: fixtureCatalogueUrl });
  await warm.attach(fixture.core);
  const metrics = new ScannerMetrics();
  metrics.watch(fixture.engine);
  watchReadiness(metrics.registry, warm.readiness);
  const lifecycle = new HttpLifecycle({ maxStreams: 10 });
  const app = createApp({ engine: fixture.engine, config: fixture.config, logger, metrics, lifecycle, warm });
  let finishCalibration: () => void = () => undefined;
  const calibrated = new Promise<CalibrationResult[]>((resolve) => (finishCalibration = () => resolve([])));
  const engine = { catalogue: [{ id: 'fast' }, { id: 'slow' }], ready: () => fixture.engine.ready(), calibrate: () => calibrated };
  const warming = warm.warm(engine);
  setup = { fixture, warm, app, lifecycle, metrics, logs, finishCalibration, warming };
  return setup;
}

describe('GET /readyz', () => {
  it('answers 503 problem+json naming what it waits for, then 200 once ready, both as documented', async () => {
    const s = await start();
    const server = await listenApp(s.app);
    try {
      const contract: Contract = await loadContract(server.url);
      const before = await fetch(`${server.url}/readyz`);
      const problem = await contract.check('get /readyz', before);
      expect(problem.violations).toEqual([]);
      expect(before.status).toBe(503);
      expect(problem.mediaType).toBe('application/problem+json');
      expect(before.headers.get('cache-control')).toBe('no-store');
      expect(problem.body).toMatchObject({ code: 'NOT_READY', status: 503, waitingFor: expect.arrayContaining(['costs']) });

      // Liveness is not readiness: /healthz says ok, and that the process is not ready yet.
      const health = await fetch(`${server.url}/healthz`);
      const healthBody = (await contract.check('get /healthz', health)).body;
      expect(health.status).toBe(200);
      expect(healthBody).toMatchObject({ status: 'ok', ready: false, costs: { counts: { guessed: 2 } } });

      s.finishCalibration();
      await s.warming;
      const after = await fetch(`${server.url}/readyz`);
      const ready = await contract.check('get /readyz', after);
      expect(ready.violations).toEqual([]);
      expect(after.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', secondsToReady: expect.any(Number) });
    } finally {
      await server.close();
    }
  });

  it('logs the time to ready and exports it in /metrics', async () => {
    const s = await start();
    let metrics = await (await s.app.request('/metrics')).text();
    expect(metrics).toMatch(/^scanner_ready 0$/m);
    expect(metrics).toMatch(/^scanner_time_to_ready_seconds 0$/m);
    s.finishCalibration();
    await s.warming;
    metrics = await (await s.app.request('/metrics')).text();
    expect(metrics).toMatch(/^scanner_ready 1$/m);
    const seconds = Number(/^scanner_time_to_ready_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(seconds).toBe(s.warm.readiness.secondsToReady);
    expect(s.logs.lines.find((l) => l.msg === 'ready')).toMatchObject({ secondsToReady: seconds });
  });

  it('turns 503 SHUTTING_DOWN as shutdown begins, while the scans it runs still run', async () => {
    const s = await start();
    s.finishCalibration();
    await s.warming;
    expect((await s.app.request('/readyz')).status).toBe(200);
    const started = await s.app.request('/v1/scans', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-User-Id': 'alice' },
      body: JSON.stringify({ strategies: ['slow'], budgetMs: 10_000 }),
    });
    expect(started.status).toBe(202);
    // No socket here (app.request): a server whose close completes at once.
    const server = createServer();
    const logger = createLogger({ level: 'silent', destination: new LogSink() });
    // What SIGTERM calls (src/main.ts): not awaited, the readiness answer is checked while it is under way.
    const shutdown = gracefulShutdown({ server, engine: s.fixture.engine, lifecycle: s.lifecycle, logger, shutdownGraceMs: 2_000 }, 'SIGTERM');
    const res = await s.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(s.fixture.engine.activeCount).toBe(1);
    await shutdown;
  });
});
