// Suite 7 — throughput: status GETs per second on the real server (dist/src/main.js) against two bare Hono anchors on
// @hono/node-server, each server in its own process started the same way, loaded from this process over loopback:
// - same bytes: a route answering with the exact body and headers of the polled snapshot, no middleware (the fair anchor
//   for a status 200: what serving those bytes costs, so the ratio is the service's own work);
// - hello world: a 13-byte text (the anchor for a 304, which has no body either way);
// - hello world behind as many pass-through middlewares as the status route has (no target): what the chain's layers
//   cost by themselves, so the 304's remaining gap is the service's own work.
// A fourth load polls with If-None-Match (304, no body), the way a client that keeps the ETag polls an unchanged scan.
// Rounds alternate the order of the loads, and each round's ratios pair measurements taken back to back.
import type { MarketProfile } from '../../src/market/profiles.js';
import type { ChildServer } from '../lib/child-server.js';
import { hammer, type LoadResult } from '../lib/load.js';
import type { BenchMode } from '../lib/options.js';
import { figure, perRoundFigure, spreadOf, target, type Figure } from '../lib/report.js';
import { probeEventLoop } from '../lib/runtime-probes.js';
import { fetchPolled, startSameBytesServer } from '../lib/same-bytes.js';
import { finishedScan, PROBE_USER, startHelloServer, startService, STATUS_ROUTE_MIDDLEWARES, type PolledScan } from '../lib/servers.js';
import { median, pairRatios } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES: Record<BenchMode, { rounds: number; durationS: number; warmS: number; connections: number; profile: MarketProfile }> = {
  full: { rounds: 3, durationS: 3, warmS: 1, connections: 32, profile: 'default' },
  quick: { rounds: 1, durationS: 1, warmS: 0.3, connections: 32, profile: 'tiny' },
  // tiny only proves the plumbing: no warm-up (autocannon runs whole seconds however short the duration asked).
  tiny: { rounds: 1, durationS: 1, warmS: 0, connections: 8, profile: 'tiny' },
};

const LOADS = ['status', 'sameBytes', 'notModified', 'hello', 'helloChained'] as const;

type LoadName = (typeof LOADS)[number];

export const throughputSuite: Suite = {
  name: 'throughput',
  title: 'status GET req/s of the service vs bare Hono routes serving the same bytes and hello world, same process setup',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const servers: ChildServer[] = [];
    const runs: Record<LoadName, LoadResult[]> = { status: [], sameBytes: [], notModified: [], hello: [], helloChained: [] };
    const client = probeEventLoop('load generator (this process)');
    let scan: PolledScan = { id: '', etag: '', bytes: 0 };
    try {
      const service = await startService(size.profile);
      servers.push(service);
      scan = await finishedScan(service);
      const statusUrl = `${service.url}/v1/scans/${scan.id}`;
      const sameBytes = await startSameBytesServer(await fetchPolled(statusUrl, PROBE_USER));
      servers.push(sameBytes);
      const hello = await startHelloServer();
      servers.push(hello);
      const helloChained = await startHelloServer(STATUS_ROUTE_MIDDLEWARES);
      servers.push(helloChained);
      const targets: Record<LoadName, { url: string; headers?: Record<string, string>; serverCpuMs: () => number | null }> = {
        status: { url: statusUrl, headers: { 'x-user-id': PROBE_USER }, serverCpuMs: service.cpuMs },
        sameBytes: { url: `${sameBytes.url}/v1/scans/${scan.id}`, headers: { 'x-user-id': PROBE_USER }, serverCpuMs: sameBytes.cpuMs },
        notModified: { url: statusUrl, headers: { 'x-user-id': PROBE_USER, 'if-none-match': scan.etag }, serverCpuMs: service.cpuMs },
        hello: { url: `${hello.url}/`, serverCpuMs: hello.cpuMs },
        helloChained: { url: `${helloChained.url}/`, serverCpuMs: helloChained.cpuMs },
      };
      const load = (name: LoadName, durationS = size.durationS) => hammer({ ...targets[name], connections: size.connections, durationS });
      // One short unmeasured pass each: JIT and connection set-up.
      if (size.warmS > 0) for (const name of LOADS) await load(name, size.warmS);
      for (let round = 0; round < size.rounds; round++) {
        ctx.log(`round ${round + 1}/${size.rounds}`);
        const order = round % 2 === 0 ? LOADS : [...LOADS].reverse();
        for (const name of order) {
          const result = await load(name);
          const expectedStatus = name === 'notModified' ? 'a 304' : 'a 200';
          if (result.errors > 0 || (name !== 'notModified' && result.non2xx > 0)) throw new Error(`${name}: ${result.non2xx} responses other than ${expectedStatus}, ${result.errors} errors`);
          runs[name].push(result);
        }
      }
    } finally {
      client.stop();
      await Promise.all(servers.map((s) => s.stop()));
    }
    const rps = (list: LoadResult[]): number[] => list.map((r) => r.requestsPerSecond);
    const cpu = (list: LoadResult[]): number[] => list.flatMap((r) => (r.serverCpuUsPerResponse === null ? [] : [r.serverCpuUsPerResponse]));
    const statusOverSameBytes = pairRatios(rps(runs.status), rps(runs.sameBytes));
    const notModifiedOverHello = pairRatios(rps(runs.notModified), rps(runs.hello));
    const bytes = `${scan.bytes.toLocaleString('en-US')}-byte snapshot`;
    const figures: Figure[] = [
      perRoundFigure(`service: GET /v1/scans/:id (${bytes})`, 'req/s', rps(runs.status)),
      perRoundFigure(`same bytes: bare Hono GET /v1/scans/:id (the same ${bytes} and headers)`, 'req/s', rps(runs.sameBytes)),
      perRoundFigure('service: GET /v1/scans/:id with If-None-Match (304)', 'req/s', rps(runs.notModified)),
      perRoundFigure('hello world: bare Hono GET / (13-byte text)', 'req/s', rps(runs.hello)),
      perRoundFigure(`hello world behind ${STATUS_ROUTE_MIDDLEWARES} pass-through middlewares`, 'req/s', rps(runs.helloChained)),
      perRoundFigure('status 200 / same bytes (per round)', '×', statusOverSameBytes, 'ratio'),
      perRoundFigure('304 / hello (per round)', '×', notModifiedOverHello, 'ratio'),
      perRoundFigure('status 200 / hello (per round; no target)', '×', pairRatios(rps(runs.status), rps(runs.hello)), 'ratio'),
      perRoundFigure(`304 / hello behind ${STATUS_ROUTE_MIDDLEWARES} middlewares (per round; no target)`, '×', pairRatios(rps(runs.notModified), rps(runs.helloChained)), 'ratio'),
      perRoundFigure('server CPU per response: service status 200', 'µs', cpu(runs.status)),
      perRoundFigure('server CPU per response: same bytes', 'µs', cpu(runs.sameBytes)),
      perRoundFigure('server CPU per response: service status 304', 'µs', cpu(runs.notModified)),
      perRoundFigure('server CPU per response: hello world', 'µs', cpu(runs.hello)),
      perRoundFigure(`server CPU per response: hello world behind ${STATUS_ROUTE_MIDDLEWARES} middlewares`, 'µs', cpu(runs.helloChained)),
      figure('service status 200 latency', 'ms', runs.status.flatMap((r) => r.latenciesMs)),
      figure('same bytes latency', 'ms', runs.sameBytes.flatMap((r) => r.latenciesMs)),
      figure('hello world latency', 'ms', runs.hello.flatMap((r) => r.latenciesMs)),
      client.stop(),
    ];
    return {
      suite: 'throughput',
      title: this.title,
      parameters: { rounds: size.rounds, durationPerRunS: size.durationS, warmUpPerTargetS: size.warmS, connections: size.connections, marketProfile: size.profile, snapshotBytes: scan.bytes },
      figures,
      targets: [
        target('status 200 / same bytes ≥ 0.8 (median of per-round ratios)', median(statusOverSameBytes), '>=', 0.8, spreadOf(statusOverSameBytes)),
        target('304 / hello ≥ 0.8 (median of per-round ratios)', median(notModifiedOverHello), '>=', 0.8, spreadOf(notModifiedOverHello)),
      ],
      notes: [
        'Every server runs as its own node process on loopback; autocannon runs in this process, so on few cores the client shares the CPU with the server.',
        'The service answers through its whole middleware chain (metrics, auth, validation, ownership check) with the cached serialized snapshot of a finished 14-strategy scan; the same-bytes anchor answers with that body (fetched once from the service) and the same Content-Type, ETag and Cache-Control, from one bare route.',
        'Server CPU per response (from /proc, 10 ms ticks, all threads of the server process) does not depend on how fast the client is.',
        `The chained hello world puts ${STATUS_ROUTE_MIDDLEWARES} middlewares that only await next() in front of the same route: the cost of the status route's layers alone, without metrics, auth or the lookup.`,
      ],
    };
  },
};
