// Suite 6 — status latency under load: GET /v1/scans/:id on the real server (dist/src/main.js in its own process) while
// idle and while full 14-strategy scans saturate its pool, and on the main-thread baseline server under the same load.
// Load: a closed-loop HTTP client in this process (lib/closed-loop.ts), loopback only, bounded duration. The polled scan is a finished one in every phase,
// so the response is identical and only the load differs.
import { availableParallelism } from 'node:os';
import type { MarketProfile } from '../../src/market/profiles.js';
import type { ChildServer } from '../lib/child-server.js';
import { promValue, requestJson, waitFor } from '../lib/http.js';
import { closedLoopLoad } from '../lib/closed-loop.js';
import type { LoadResult } from '../lib/load.js';
import type { BenchMode } from '../lib/options.js';
import { figure, perRoundFigure, spreadOf, target, type Figure } from '../lib/report.js';
import { probeEventLoop } from '../lib/runtime-probes.js';
import { finishedScan, PROBE_USER, startBaselineServer, startService } from '../lib/servers.js';
import { median, pairRatios, percentile } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES: Record<BenchMode, { durationS: number; rounds: number; connections: number; loadScans: number; profile: MarketProfile }> = {
  full: { durationS: 4, rounds: 2, connections: 10, loadScans: 12, profile: 'default' },
  quick: { durationS: 1.5, rounds: 1, connections: 10, loadScans: 16, profile: 'tiny' },
  tiny: { durationS: 1, rounds: 1, connections: 4, loadScans: 10, profile: 'tiny' },
};
const LOAD_BUDGET_MS = 60_000;
/** The monitorEventLoopDelay resolution both servers use: readings include it. */
const LOOP_RESOLUTION_MS = 10;

interface Health {
  pool: { threads: number; queued: number; running: number };
}
interface LoopWindow {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Starts `count` long scans as distinct users, all at once: sent one by one, each POST to the baseline would wait for the
 * previous scan's strategies to release its event loop, and the load would be half over before it was all submitted.
 */
async function startLoad(server: ChildServer, count: number): Promise<Array<{ id: string; user: string }>> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const user = `bench-load-${i}`;
      const res = await requestJson<{ id: string }>(`${server.url}/v1/scans`, {
        method: 'POST',
        user,
        body: { budgetMs: LOAD_BUDGET_MS, strategyTimeoutMs: LOAD_BUDGET_MS, force: true },
      });
      if (res.status !== 202) throw new Error(`POST /v1/scans (load) answered ${res.status}`);
      return { id: res.body.id, user };
    }),
  );
}

/** The server's event-loop delay since the previous read (engine: /metrics; baseline: /loop-delay), resolution removed. */
async function readLoop(server: ChildServer, engine: boolean): Promise<LoopWindow> {
  const less = (ms: number): number => Math.max(0, ms - LOOP_RESOLUTION_MS);
  if (!engine) {
    const { body } = await requestJson<LoopWindow>(`${server.url}/loop-delay`);
    return { p50: less(body.p50), p99: less(body.p99), max: less(body.max) };
  }
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const sec = (name: string): number => (promValue(text, name) ?? Number.NaN) * 1000;
  return { p50: less(sec('nodejs_eventloop_lag_p50_seconds')), p99: less(sec('nodejs_eventloop_lag_p99_seconds')), max: less(sec('nodejs_eventloop_lag_max_seconds')) };
}

interface Phase {
  load: LoadResult;
  loop: LoopWindow;
}

async function measurePhase(server: ChildServer, engine: boolean, probeId: string, size: (typeof SIZES)[BenchMode], startLoadNow?: () => void): Promise<Phase> {
  await readLoop(server, engine); // resets the server's window
  startLoadNow?.();
  const load = await closedLoopLoad({ url: `${server.url}/v1/scans/${probeId}`, connections: size.connections, durationS: size.durationS, headers: { 'x-user-id': PROBE_USER } });
  const loop = await readLoop(server, engine);
  if (engine && (load.non2xx > 0 || load.errors > 0)) throw new Error(`status GETs failed: ${load.non2xx} non-2xx, ${load.errors} errors`);
  return { load, loop };
}

async function saturated(server: ChildServer): Promise<Health> {
  return waitFor('the pool to be saturated', async () => {
    const { body } = await requestJson<Health>(`${server.url}/healthz`);
    return body.pool.running >= body.pool.threads && body.pool.queued > 0 ? body : undefined;
  }, 60_000);
}

function loopFigure(label: string, windows: LoopWindow[]): Figure {
  const f = figure(label, 'ms', windows.map((w) => w.p50), 'event-loop');
  return { ...f, p99: Math.max(...windows.map((w) => w.p99)), max: Math.max(...windows.map((w) => w.max)) };
}

export const statusLatencySuite: Suite = {
  name: 'status-latency',
  title: 'GET /v1/scans/:id latency: idle vs pool saturated by full scans, engine vs main-thread baseline',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const phases: Record<'idle' | 'saturated' | 'fewerIdle' | 'fewerThreads' | 'baselineIdle' | 'baselineSaturated', Phase[]> = {
      idle: [], saturated: [], fewerIdle: [], fewerThreads: [], baselineIdle: [], baselineSaturated: [],
    };
    const client = probeEventLoop('load generator (this process), whole suite');
    const threads = availableParallelism();
    let saturationLost = 0;

    const runEngine = async (serverThreads: number, rounds: number, into: 'saturated' | 'fewerThreads'): Promise<void> => {
      const server = await startService(size.profile, serverThreads);
      try {
        const probeId = (await finishedScan(server)).id;
        for (let round = 0; round < rounds; round++) {
          ctx.log(`service (${serverThreads} threads) round ${round + 1}/${rounds}: idle, then saturated`);
          phases[into === 'saturated' ? 'idle' : 'fewerIdle'].push(await measurePhase(server, true, probeId, size));
          const load = await startLoad(server, size.loadScans);
          await saturated(server);
          phases[into].push(await measurePhase(server, true, probeId, size));
          const after = await requestJson<Health>(`${server.url}/healthz`);
          if (after.body.pool.running < after.body.pool.threads) {
            saturationLost++;
            ctx.log('warning: the pool was no longer saturated at the end of the phase');
          }
          for (const { id, user } of load) await requestJson(`${server.url}/v1/scans/${id}`, { method: 'DELETE', user });
          await waitFor('the pool to drain', async () => ((await requestJson<Health>(`${server.url}/healthz`)).body.pool.running === 0 ? true : undefined), 30_000);
        }
      } finally {
        await server.stop();
      }
    };

    try {
      await runEngine(threads, size.rounds, 'saturated');
      // Full runs only: a third server start costs more than a smoke run is worth.
      if (threads > 1 && ctx.mode === 'full') await runEngine(threads - 1, 1, 'fewerThreads');
      ctx.log('baseline: idle, then saturated');
      const baseline = await startBaselineServer(size.profile);
      try {
        const probeId = (await finishedScan(baseline)).id;
        phases.baselineIdle.push(await measurePhase(baseline, false, probeId, size));
        // The baseline runs all of a scan's strategies in one event-loop turn (as asyncio runs every ready task in one
        // iteration), so it accepts the next POST only once a whole scan is done: measure while the POSTs are still queuing.
        const fire = (): void => void startLoad(baseline, size.loadScans).catch(() => undefined);
        phases.baselineSaturated.push(await measurePhase(baseline, false, probeId, size, fire));
      } finally {
        // Its event loop is busy in a strategy: SIGTERM would wait for it.
        await baseline.stop(0);
      }
    } finally {
      client.stop();
    }

    const lat = (list: Phase[]): number[] => list.flatMap((p) => p.load.latenciesMs);
    const p99s = (list: Phase[]): number[] => list.map((p) => percentile([...p.load.latenciesMs].sort((a, b) => a - b), 99));
    const rps = (list: Phase[]): number[] => list.map((p) => p.load.requestsPerSecond);
    const satOverIdle = pairRatios(p99s(phases.saturated), p99s(phases.idle));
    const fewerOverIdle = pairRatios(p99s(phases.fewerThreads), p99s(phases.fewerIdle));
    const engineSat = figure(`service (${threads} threads), pool saturated`, 'ms', lat(phases.saturated));
    const baselineSat = figure('baseline (main thread), same load', 'ms', lat(phases.baselineSaturated));
    const figures: Figure[] = [
      figure(`service (${threads} threads), idle`, 'ms', lat(phases.idle)),
      engineSat,
      ...(phases.fewerThreads.length
        ? [
            figure(`service (${threads - 1} thread(s) = cores − 1), idle`, 'ms', lat(phases.fewerIdle)),
            figure(`service (${threads - 1} thread(s) = cores − 1), pool saturated`, 'ms', lat(phases.fewerThreads)),
          ]
        : []),
      figure('baseline (main thread), idle', 'ms', lat(phases.baselineIdle)),
      baselineSat,
      perRoundFigure(`service (${threads} threads) p99: saturated / idle, per round`, '×', satOverIdle, 'ratio'),
      ...(fewerOverIdle.length ? [perRoundFigure(`service (${threads - 1} thread(s)) p99: saturated / idle`, '×', fewerOverIdle, 'ratio')] : []),
      figure(`p99 under load: baseline / service (${threads} threads)`, '×', [baselineSat.p99 / engineSat.p99], 'ratio'),
      perRoundFigure('service req/s, idle', 'req/s', rps(phases.idle)),
      perRoundFigure('service req/s, saturated', 'req/s', rps(phases.saturated)),
      figure('baseline req/s, saturated', 'req/s', rps(phases.baselineSaturated)),
      loopFigure('service event-loop delay, saturated (median = p50 per window)', phases.saturated.map((p) => p.loop)),
      loopFigure('baseline event-loop delay, saturated (median = p50 per window)', phases.baselineSaturated.map((p) => p.loop)),
      client.stop(),
    ];
    const timeouts = [...phases.baselineSaturated, ...phases.baselineIdle].reduce((n, p) => n + p.load.timeouts + p.load.errors, 0);
    return {
      suite: 'status-latency',
      title: this.title,
      parameters: {
        serverThreads: threads,
        marketProfile: size.profile,
        loadScans: size.loadScans,
        strategiesPerScan: 'all (the request default)',
        connections: size.connections,
        durationPerPhaseS: size.durationS,
        rounds: size.rounds,
        baselineTimeoutsOrErrors: timeouts,
        phasesThatEndedUnsaturated: saturationLost,
      },
      figures,
      targets: [
        target(`service p99 saturated ≤ 2 × idle, ${threads} threads (median of per-round ratios)`, median(satOverIdle), '<=', 2, spreadOf(satOverIdle)),
        ...(fewerOverIdle.length ? [target(`same, ${threads - 1} thread(s) = cores − 1 (not the default)`, median(fewerOverIdle), '<=', 2, spreadOf(fewerOverIdle))] : []),
      ],
      notes: [
        'Latency is per response, from a closed-loop keep-alive client in this process (so it includes the client\'s own scheduling) over loopback; requests still in flight when a phase ends are awaited and counted, so a blocked server\'s slow answers are not dropped.',
        'Saturated = every worker busy and scans still queued, checked via /healthz before and after each phase.',
        'Event-loop delay windows are the servers\' own monitorEventLoopDelay (10 ms resolution subtracted), read before and after each phase.',
      ],
    };
  },
};
