// Suite 7 — throughput: status GETs per second on the real server (dist/src/main.js) vs a bare Hono hello-world route,
// each in its own process started the same way, loaded from this process over loopback. Rounds alternate the two servers
// and each round's ratio pairs measurements taken back to back. A third row polls with If-None-Match (304, no body), the
// way a client that keeps the ETag polls an unchanged scan.
import type { MarketProfile } from '../../src/market/profiles.js';
import { hammer, type LoadResult } from '../lib/load.js';
import type { BenchMode } from '../lib/options.js';
import { figure, target, type Figure } from '../lib/report.js';
import { probeEventLoop } from '../lib/runtime-probes.js';
import { finishedScan, PROBE_USER, startHelloServer, startService, type PolledScan } from '../lib/servers.js';
import { median, pairRatios } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES: Record<BenchMode, { rounds: number; durationS: number; warmS: number; connections: number; profile: MarketProfile }> = {
  full: { rounds: 2, durationS: 3, warmS: 1, connections: 32, profile: 'default' },
  quick: { rounds: 1, durationS: 1, warmS: 0.3, connections: 32, profile: 'tiny' },
  tiny: { rounds: 1, durationS: 1, warmS: 0.5, connections: 8, profile: 'tiny' },
};
export const throughputSuite: Suite = {
  name: 'throughput',
  title: 'status GET req/s of the service vs a bare Hono hello-world route, same process setup',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const service = await startService(size.profile);
    const hello = await startHelloServer();
    const runs = { status: [] as LoadResult[], notModified: [] as LoadResult[], hello: [] as LoadResult[] };
    const client = probeEventLoop('load generator (this process)');
    let scan: PolledScan = { id: '', etag: '', bytes: 0 };
    try {
      scan = await finishedScan(service);
      const targets: Record<'status' | 'notModified' | 'hello', { url: string; headers?: Record<string, string>; serverCpuMs: () => number | null }> = {
        status: { url: `${service.url}/v1/scans/${scan.id}`, headers: { 'x-user-id': PROBE_USER }, serverCpuMs: service.cpuMs },
        notModified: { url: `${service.url}/v1/scans/${scan.id}`, headers: { 'x-user-id': PROBE_USER, 'if-none-match': scan.etag }, serverCpuMs: service.cpuMs },
        hello: { url: `${hello.url}/`, serverCpuMs: hello.cpuMs },
      };
      const load = (name: keyof typeof targets, durationS = size.durationS) => hammer({ ...targets[name], connections: size.connections, durationS });
      // One short unmeasured pass each: JIT and connection set-up.
      for (const name of Object.keys(targets) as (keyof typeof targets)[]) await load(name, size.warmS);
      for (let round = 0; round < size.rounds; round++) {
        ctx.log(`round ${round + 1}/${size.rounds}`);
        const order = (round % 2 === 0 ? ['hello', 'status', 'notModified'] : ['notModified', 'status', 'hello']) as (keyof typeof targets)[];
        for (const name of order) {
          const result = await load(name);
          const expectedStatus = name === 'notModified' ? 'a 304' : 'a 200';
          if (result.errors > 0 || (name !== 'notModified' && result.non2xx > 0)) throw new Error(`${name}: ${result.non2xx} responses other than ${expectedStatus}, ${result.errors} errors`);
          runs[name].push(result);
        }
      }
    } finally {
      client.stop();
      await Promise.all([service.stop(), hello.stop()]);
    }
    const rps = (list: LoadResult[]): number[] => list.map((r) => r.requestsPerSecond);
    const cpu = (list: LoadResult[]): number[] => list.flatMap((r) => (r.serverCpuUsPerResponse === null ? [] : [r.serverCpuUsPerResponse]));
    const ratio = pairRatios(rps(runs.status), rps(runs.hello));
    const figures: Figure[] = [
      figure('hello world: GET / (13-byte text)', 'req/s', rps(runs.hello)),
      figure(`service: GET /v1/scans/:id (${scan.bytes.toLocaleString('en-US')}-byte snapshot)`, 'req/s', rps(runs.status)),
      figure('service: GET /v1/scans/:id with If-None-Match (304)', 'req/s', rps(runs.notModified)),
      figure('status / hello (per round)', '×', ratio, 'ratio'),
      figure('304 status / hello (per round)', '×', pairRatios(rps(runs.notModified), rps(runs.hello)), 'ratio'),
      figure('server CPU per response: hello world', 'µs', cpu(runs.hello)),
      figure('server CPU per response: service status 200', 'µs', cpu(runs.status)),
      figure('server CPU per response: service status 304', 'µs', cpu(runs.notModified)),
      figure('hello world latency', 'ms', runs.hello.flatMap((r) => r.latenciesMs)),
      figure('service status latency', 'ms', runs.status.flatMap((r) => r.latenciesMs)),
      client.stop(),
    ];
    return {
      suite: 'throughput',
      title: this.title,
      parameters: { rounds: size.rounds, durationPerRunS: size.durationS, warmUpPerTargetS: size.warmS, connections: size.connections, marketProfile: size.profile, snapshotBytes: scan.bytes },
      figures,
      targets: [target('status / hello ≥ 0.8 (median of per-round ratios)', median(ratio), '>=', 0.8)],
      notes: [
        'Both servers run as their own node process on loopback; autocannon runs in this process, so on few cores the client shares the CPU with the server.',
        'The service answers through its whole middleware chain (metrics, auth, validation) and serializes the full snapshot of a finished 14-strategy scan.',
        'Server CPU per response (from /proc, 10 ms ticks, all threads of the server process) does not depend on how fast the client is.',
      ],
    };
  },
};
