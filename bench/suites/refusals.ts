// Suite — refusals: what a 429 costs the service when it is at its scan bound, and whether a flood of them stalls it.
// The real service (dist/src/main.js, its own process) runs with small bounds (2 running + 2 queued) held by scans whose
// one strategy sleeps until cancelled (bench/lib/holding-catalogue.ts), so the workers leave both cores to the server and
// the load. Then:
// (i)  server CPU per response, main thread and whole process, over a fixed number of requests each: POST /v1/scans
//      (429 SCAN_CAPACITY) vs GET of an unknown scan id (404) vs GET of a small finished scan (200), rounds alternating
//      the order; the 429 ÷ 404 ratio pairs loads of the same round; in the same rounds, the same two requests to a bare
//      Hono app that answers them with the bytes the service sent (bench/baselines/refusal-anchor-server-main.ts): what a
//      POST with its body costs next to a body-less GET before the service does any work;
// (ii) floods of POSTs at capacity, sent from a process of their own while this process polls /healthz over one
//      keep-alive connection: /healthz latency during the floods (and at capacity without a flood, for reference), the
//      POSTs' throughput, the server's own event-loop delay, and what the POSTs got (statuses, problem codes, Retry-After);
// (iii) the same floods against a new service whose slots are held by strategies that compute (bench/lib/holding-
//      catalogue.ts, `computes`), as when real users hold them: the server then shares both cores with its workers. The
//      /healthz target is the same for both rows.
import { compiledPath } from '../../src/compiled-path.js';
import type { RecordedAnswer } from '../baselines/refusal-anchor-server-main.js';
import { startChildServer, type ChildServer } from '../lib/child-server.js';
import { countedLoad, type CountedLoadOptions, type CountedLoadResult } from '../lib/counted-load.js';
import { atCapacity, fillCapacity, finishedSmallScan, HELD_BOUNDS, HOLD_REQUEST, releaseCapacity, startHeldService, type HeldScan } from '../lib/held-service.js';
import type { BenchMode } from '../lib/options.js';
import { figure, perRoundFigure, spreadOf, target, type Figure, type ReportTable } from '../lib/report.js';
import { probeEventLoop } from '../lib/runtime-probes.js';
import { serverCpuReader, type CpuReading } from '../lib/server-cpu.js';
import { PROBE_USER } from '../lib/servers.js';
import { median, pairRatios } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import { perFloodP99, runFloods, type FloodPlan, type FloodRequest, type FloodRun } from './refusals/floods.js';

interface Size {
  /** Requests per CPU measurement (each of 429, 404, 200, per round). */
  cpuRequests: number;
  /** Unmeasured requests of each kind first (JIT, connections). */
  warmRequests: number;
  rounds: number;
  cpuConnections: number;
  floods: number;
  floodPosts: number;
  floodConnections: number;
  /** /healthz polled at capacity without a flood, for reference. */
  quietPollMs: number;
}

const SIZES: Record<BenchMode, Size> = {
  full: { cpuRequests: 5_000, warmRequests: 1_000, rounds: 3, cpuConnections: 16, floods: 10, floodPosts: 1_000, floodConnections: 50, quietPollMs: 2_000 },
  quick: { cpuRequests: 2_000, warmRequests: 300, rounds: 1, cpuConnections: 16, floods: 3, floodPosts: 1_000, floodConnections: 50, quietPollMs: 1_000 },
  tiny: { cpuRequests: 300, warmRequests: 0, rounds: 1, cpuConnections: 8, floods: 1, floodPosts: 300, floodConnections: 50, quietPollMs: 300 },
};

const KINDS = ['refusal', 'notFound', 'status', 'anchorRefusal', 'anchorNotFound'] as const;
type Kind = (typeof KINDS)[number];
const SERVICE_KINDS = ['refusal', 'notFound', 'status'] as const satisfies readonly Kind[];
const EXPECTED_STATUS: Record<Kind, number> = { refusal: 429, notFound: 404, status: 200, anchorRefusal: 429, anchorNotFound: 404 };

/** Never a scan id this service issued (nanoids are 21 characters), yet a well-formed one: answered 404 after the lookup. */
const UNKNOWN_SCAN_ID = 'bench-unknown-scan-0000';
/** The user whose POSTs are refused: it has no scan, so every POST reaches admission (none is answered with a reused scan). */
const REFUSED_USER = 'bench-refused';

/** The POST every flood sends: refused at capacity, from a user with no scan. */
const refusedPost = (server: ChildServer): FloodRequest => ({ url: `${server.url}/v1/scans`, method: 'POST', headers: { 'x-user-id': REFUSED_USER }, body: JSON.stringify(HOLD_REQUEST) });

/** The /healthz target, the same whether the slots are held by sleeping or by computing strategies. */
const HEALTHZ_P99_GOAL_MS = 50;

function expectOnly(kind: string, result: CountedLoadResult, status: number): void {
  const other = [...result.statuses].filter(([s]) => s !== status);
  if (other.length > 0 || result.errors > 0) {
    throw new Error(`${kind}: expected only ${status}s, got ${JSON.stringify(Object.fromEntries(result.statuses))} and ${result.errors} errors (is the service still at its bound?)`);
  }
}

/** Headers the anchor must not copy: framing and connection management are its own server's. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** One answer of the service, as the anchor replays it. */
async function recordAnswer(url: string, init: RequestInit): Promise<RecordedAnswer> {
  const res = await fetch(url, init);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!OWN_HEADERS.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, body: await res.text() };
}

/** The bare Hono app answering the refused POST and the 404 GET with the service's own answers. */
function startRefusalAnchor(refusal: RecordedAnswer, notFound: RecordedAnswer): Promise<ChildServer> {
  if (refusal.status !== 429 || notFound.status !== 404) throw new Error(`the anchor replays a 429 and a 404, the service sent ${refusal.status} and ${notFound.status}`);
  return startChildServer({
    label: 'refusal anchor',
    script: compiledPath('bench/baselines/refusal-anchor-server-main'),
    env: { BENCH_REFUSAL: JSON.stringify(refusal), BENCH_NOT_FOUND: JSON.stringify(notFound) },
    readyPath: '/healthz',
  });
}

const sumMaps = <K>(maps: Map<K, number>[]): Map<K, number> => {
  const sum = new Map<K, number>();
  for (const map of maps) for (const [k, v] of map) sum.set(k, (sum.get(k) ?? 0) + v);
  return sum;
};

export const refusalsSuite: Suite = {
  name: 'refusals',
  title: 'the service at its scan bound: CPU per 429 vs 404 and 200, and /healthz latency through floods of refused POSTs',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const cpuRuns: Record<Kind, CountedLoadResult[]> = { refusal: [], notFound: [], status: [], anchorRefusal: [], anchorNotFound: [] };
    const plan: FloodPlan = { floods: size.floods, posts: size.floodPosts, connections: size.floodConnections, quietPollMs: size.quietPollMs };
    let idle: FloodRun = { quietHealthz: [], floods: [] };
    let computing: FloodRun = { quietHealthz: [], floods: [] };
    let held: HeldScan[] = [];
    /** At the first flood: seconds until the first held scan reaches its deadline (when a slot really frees). */
    let slotFreesInS = Number.NaN;
    const client = probeEventLoop('load generator (this process), whole suite');
    const server = await startHeldService();
    let anchor: ChildServer | undefined;
    try {
      const serverCpu = serverCpuReader(server);
      const finishedId = await finishedSmallScan(server, PROBE_USER);
      const heldAt = Date.now();
      held = await fillCapacity(server);
      const post = refusedPost(server);
      const notFound = { url: `${server.url}/v1/scans/${UNKNOWN_SCAN_ID}`, headers: { 'x-user-id': PROBE_USER } };
      anchor = await startRefusalAnchor(
        await recordAnswer(post.url, { method: 'POST', headers: { ...post.headers, 'content-type': 'application/json' }, body: post.body }),
        await recordAnswer(notFound.url, { headers: notFound.headers }),
      );
      const anchorBase = anchor.url;
      const anchorUrl = (url: string): string => url.replace(server.url, anchorBase);
      const loads: Record<Kind, Pick<CountedLoadOptions, 'url' | 'method' | 'headers' | 'body'>> = {
        refusal: post,
        notFound,
        status: { url: `${server.url}/v1/scans/${finishedId}`, headers: { 'x-user-id': PROBE_USER } },
        anchorRefusal: { ...post, url: anchorUrl(post.url) },
        anchorNotFound: { ...notFound, url: anchorUrl(notFound.url) },
      };
      const cpuOf: Record<Kind, () => CpuReading> = { refusal: serverCpu, notFound: serverCpu, status: serverCpu, anchorRefusal: serverCpuReader(anchor), anchorNotFound: serverCpuReader(anchor) };

      // (i) CPU per response.
      if (size.warmRequests > 0) for (const kind of KINDS) await countedLoad({ ...loads[kind], requests: size.warmRequests, connections: size.cpuConnections });
      for (let round = 0; round < size.rounds; round++) {
        ctx.log(`CPU round ${round + 1}/${size.rounds}: ${size.cpuRequests} requests each of 429, 404, 200, and the anchor's 429 and 404`);
        const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
        for (const kind of order) {
          const result = await countedLoad({ ...loads[kind], requests: size.cpuRequests, connections: size.cpuConnections, serverCpu: cpuOf[kind] });
          expectOnly(kind, result, EXPECTED_STATUS[kind]);
          cpuRuns[kind].push(result);
        }
      }

      // (ii) /healthz at capacity, quiet and then through each flood; sleeping strategies hold the slots.
      idle = await runFloods(server, post, plan, ctx.log, (i) => {
        if (i === 0) slotFreesInS = (heldAt + HOLD_REQUEST.budgetMs - Date.now()) / 1000;
      });
      if (!(await atCapacity(server))) throw new Error('the service was no longer at its bound at the end of the idle-core floods');
    } finally {
      await releaseCapacity(server, held).catch(() => undefined);
      await Promise.all([server.stop(), anchor?.stop()]);
    }

    // (iii) The same floods against a new service whose slots are held by strategies that compute.
    const busy = await startHeldService();
    let busyHeld: HeldScan[] = [];
    try {
      ctx.log('a new service, its slots held by computing strategies');
      busyHeld = await fillCapacity(busy, 'computes');
      computing = await runFloods(busy, refusedPost(busy), plan, ctx.log);
      if (!(await atCapacity(busy))) throw new Error('the service was no longer at its bound at the end of the computing floods');
    } finally {
      client.stop();
      await releaseCapacity(busy, busyHeld).catch(() => undefined);
      await busy.stop();
    }

    const main = (list: CountedLoadResult[]): number[] => list.flatMap((r) => (r.mainThreadCpuUsPerResponse === null ? [] : [r.mainThreadCpuUsPerResponse]));
    const proc = (list: CountedLoadResult[]): number[] => list.flatMap((r) => (r.processCpuUsPerResponse === null ? [] : [r.processCpuUsPerResponse]));
    const refusalOverNotFound = pairRatios(main(cpuRuns.refusal), main(cpuRuns.notFound));
    const floods = idle.floods;
    const healthzFigure = figure(`/healthz during the floods (${size.floodPosts} POSTs each)`, 'ms', floods.flatMap((f) => f.healthz));
    const busyHealthzFigure = figure(`/healthz during the floods, computing strategies hold the slots (${size.floodPosts} POSTs each)`, 'ms', computing.floods.flatMap((f) => f.healthz));
    const floodPosts = [...floods, ...computing.floods].map((f) => f.posts);
    const statuses = sumMaps(floodPosts.map((p) => p.statuses));
    const codes = sumMaps(floodPosts.map((p) => p.problemCodes));
    const retryAfter = sumMaps(floods.map((f) => f.posts.retryAfter));
    const figures: Figure[] = [
      perRoundFigure('main-thread CPU per response: POST /v1/scans → 429', 'µs', main(cpuRuns.refusal)),
      perRoundFigure('main-thread CPU per response: GET unknown id → 404', 'µs', main(cpuRuns.notFound)),
      perRoundFigure('main-thread CPU per response: GET finished scan → 200', 'µs', main(cpuRuns.status)),
      perRoundFigure('429 / 404 main-thread CPU (per round)', '×', refusalOverNotFound, 'ratio'),
      perRoundFigure('429 / 200 main-thread CPU (per round)', '×', pairRatios(main(cpuRuns.refusal), main(cpuRuns.status)), 'ratio'),
      perRoundFigure('bare Hono anchor, the same answers: main-thread CPU per response: POST → 429', 'µs', main(cpuRuns.anchorRefusal)),
      perRoundFigure('bare Hono anchor, the same answers: main-thread CPU per response: GET → 404', 'µs', main(cpuRuns.anchorNotFound)),
      perRoundFigure('bare Hono anchor: 429 / 404 main-thread CPU (per round; no target)', '×', pairRatios(main(cpuRuns.anchorRefusal), main(cpuRuns.anchorNotFound)), 'ratio'),
      perRoundFigure('process CPU per response (all threads): 429', 'µs', proc(cpuRuns.refusal)),
      perRoundFigure('process CPU per response (all threads): 404', 'µs', proc(cpuRuns.notFound)),
      perRoundFigure('process CPU per response (all threads): 200', 'µs', proc(cpuRuns.status)),
      ...SERVICE_KINDS.map((kind) => perRoundFigure(`req/s during the CPU runs: ${EXPECTED_STATUS[kind]}`, 'req/s', cpuRuns[kind].map((r) => r.requestsPerSecond))),
      figure('/healthz at capacity, no flood', 'ms', idle.quietHealthz),
      healthzFigure,
      perRoundFigure('/healthz p99 per flood', 'ms', perFloodP99(floods)),
      perRoundFigure('flood POSTs answered per second', 'req/s', floods.map((f) => f.posts.requestsPerSecond)),
      figure('flood POST latency', 'ms', floods.flatMap((f) => f.posts.latenciesMs)),
      figure('service event-loop delay p99 per flood (its own monitor)', 'ms', floods.map((f) => f.serverLoopP99Ms), 'event-loop'),
      figure('/healthz at capacity, no flood, computing strategies hold the slots', 'ms', computing.quietHealthz),
      busyHealthzFigure,
      perRoundFigure('/healthz p99 per flood, computing strategies hold the slots', 'ms', perFloodP99(computing.floods)),
      perRoundFigure('flood POSTs answered per second, computing strategies hold the slots', 'req/s', computing.floods.map((f) => f.posts.requestsPerSecond)),
      figure('service event-loop delay p99 per flood, computing strategies hold the slots', 'ms', computing.floods.map((f) => f.serverLoopP99Ms), 'event-loop'),
      client.stop(),
    ];
    const tables: ReportTable[] = [
      {
        title: `What the ${(2 * size.floods * size.floodPosts).toLocaleString('en-US')} flood POSTs got (both rows)`,
        header: ['status', 'problem code', 'responses'],
        rows: [
          ...[...statuses].filter(([s]) => s !== 429).map(([s, n]) => [String(s), '', String(n)]),
          ...[...codes].map(([code, n]) => ['429', code, String(n)]),
          ...(floodPosts.some((p) => p.errors + p.timeouts > 0) ? [['(no answer)', 'errors + timeouts', String(floodPosts.reduce((n, p) => n + p.errors + p.timeouts, 0))]] : []),
        ],
      },
      {
        title: `Retry-After of the idle-core row's flood POSTs (a slot really frees when the first held scan reaches its deadline, ${Math.round(slotFreesInS)} s after the first flood began)`,
        header: ['Retry-After (s)', 'responses'],
        rows: [...retryAfter].sort(([a], [b]) => Number(a) - Number(b)).map(([value, n]) => [value, String(n)]),
      },
    ];
    return {
      suite: 'refusals',
      title: this.title,
      parameters: {
        bounds: { maxRunningScans: HELD_BOUNDS.running, maxQueuedScans: HELD_BOUNDS.queued, threads: HELD_BOUNDS.running },
        heldScans: `${HELD_BOUNDS.running + HELD_BOUNDS.queued} scans of one strategy that sleeps until cancelled (idle-core row) or computes until cancelled (computing row, a new service), budget ${HOLD_REQUEST.budgetMs} ms, one user each`,
        refusedRequest: HOLD_REQUEST,
        cpuRequestsPerRun: size.cpuRequests,
        cpuConnections: size.cpuConnections,
        rounds: size.rounds,
        floods: size.floods,
        postsPerFlood: size.floodPosts,
        floodConnections: size.floodConnections,
        floodClient: 'a process of its own (started before the flood), keep-alive lanes each sending its next POST once the previous answer arrived',
        healthzPoll: 'one keep-alive connection, closed loop, from the bench process (idle otherwise during the floods)',
        statusesOfFloodPosts: Object.fromEntries(statuses),
      },
      figures,
      tables,
      targets: [
        target('main-thread CPU per 429 ≤ per 404 (ratio, median of per-round ratios)', median(refusalOverNotFound), '<=', 1, spreadOf(refusalOverNotFound)),
        target(`/healthz p99 during the floods ≤ ${HEALTHZ_P99_GOAL_MS} ms`, healthzFigure.p99, '<=', HEALTHZ_P99_GOAL_MS, spreadOf(perFloodP99(floods))),
        target(`/healthz p99 during the floods ≤ ${HEALTHZ_P99_GOAL_MS} ms, computing strategies hold the slots`, busyHealthzFigure.p99, '<=', HEALTHZ_P99_GOAL_MS, spreadOf(perFloodP99(computing.floods))),
      ],
      notes: [
        'Idle-core row (the CPU figures and the first /healthz target): the held scans\' strategy sleeps (Atomics.wait) and wakes every 10 ms to read its stop flag, so the workers use next to no CPU: the figures are the server\'s request handling, not its workers competing for the two cores.',
        'Computing row (figures and target marked "computing strategies hold the slots"): a new service, its slots held by a strategy that computes until cancelled on both worker threads, as when users\' real scans hold them; the server, the flood process and the probe then share the two cores with two busy workers. Same floods, same target.',
        'Main-thread CPU is /proc/<pid>/task/<pid>/schedstat (ns); process CPU is /proc/<pid>/stat (10 ms ticks, all threads: GC helpers and the idle workers included). Both are per response over a fixed count of requests sent over keep-alive lanes, each lane sending its next request once the previous answer arrived.',
        'Every refused POST carries a JSON body, refused before it is read or validated; the 404 and 200 GETs have none. The 200 is a one-strategy finished scan (a small snapshot), not the throughput suite\'s 14-strategy one.',
        'The anchor is a bare Hono app on @hono/node-server in its own process, answering the same POST and GET with the bytes the service sent (recorded once at the start): its 429 ÷ 404 is what receiving the POST\'s body costs before any work of the service\'s own.',
        'Retry-After is the engine\'s predicted wait for a slot: the first active scan\'s planned end. `holds` has no learned cost (calibration is off and it never finishes), so its plan is a guess; the table compares the values with when a slot really frees.',
        'The flood comes from a process of its own, so /healthz is timed from an event loop that does nothing else; all three processes (server, flood, probe) share the two cores. With the flood sent from the probe\'s own process instead, /healthz saw occasional 150–300 ms waits that a separate flood process does not produce.',
      ],
    };
  },
};
