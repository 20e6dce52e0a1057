// Suite 11 — cluster: the service in distributed mode (SCANNER_REDIS_URL) on 1, 2 and 3 instances of this machine, the
// threads split so that their total is the core count, against the embedded default (one process, no Redis):
// - POST → 202 latency, embedded against distributed;
// - the main-thread CPU each mirrored snapshot version costs its owner, and what one default scan sends into Redis
//   (commands, bytes), measured from outside on a redis-server of the suite's own;
// - status GET throughput through an instance that did not run the scan against the one that did;
// - default scans per minute, with what each scan gave its user (final states, strategies succeeded);
// - the deadline overshoot as another instance observes it, with no kill, and with an owner killed (kill -9) mid-run:
//   then the lapse from the kill until its lost scans are final elsewhere.
// Every instance is `node dist/src/main.js` in its own process; each cluster uses a Redis key prefix of its own, deleted
// when it stops. Without a reachable Redis the suite reports nothing but a note (and fails when CI is set).
import { availableParallelism, loadavg } from 'node:os';
import type { MarketProfile } from '../../src/market/profiles.js';
import type { LoadResult } from '../lib/load.js';
import type { BenchMode } from '../lib/options.js';
import { figure, formatNumber, target, type Figure, type FigureKind, type ReportTable, type SuiteReport } from '../lib/report.js';
import { median, pairRatios, summarize } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import { killRound, overshootRun, type KillRound, type OvershootSample } from './cluster/deadline-runs.js';
import { FREEZE_SCAN, freezeRound, type FreezeRound } from './cluster/freeze-round.js';
import { BenchCluster, type ClusterSpec } from './cluster/instances.js';
import { batchCost, busyMainMs, type BatchCost } from './cluster/mirror-cost.js';
import { healthFloor, postLatency, type PostLatency } from './cluster/post-latency.js';
import { benchRedisUrl, redisReachable, uniquePrefix } from './cluster/redis.js';
import { redisCostRun, SETTLE_MS as REDIS_COST_SETTLE_MS, type RedisCostRun } from './cluster/redis-cost.js';
import { ScanClient } from './cluster/scan-client.js';
import { scanRate, type ScanRate } from './cluster/scan-rate.js';
import { statusReads, type StatusReads } from './cluster/status-reads.js';

interface Size {
  topologies: number[];
  /** Market of the real-strategy instances ('default' = the default scan as shipped). */
  profile: MarketProfile;
  posts: number;
  postWarm: number;
  postIntervalMs: number;
  costRounds: number;
  costScans: number;
  /** Also measure with tracing off (SCANNER_TRACE_CAP=0), so the snapshot mirror's share shows apart from the trace's. */
  costUntraced: boolean;
  costIdleMs: number;
  rateMs: number;
  statusRounds: number;
  statusS: number;
  statusWarmS: number;
  statusConnections: number;
  overshootScans: number;
  /** kill -9 rounds by instance count. */
  kills: Record<number, number>;
  /** "freeze the owner" rounds (SIGSTOP past the lapse, then SIGCONT) by instance count. */
  freezes: Record<number, number>;
  /** Default scans measured on the private Redis (0: not measured), and its idle window before them. */
  redisCostScans: number;
  redisCostIdleMs: number;
}

const SIZES: Record<BenchMode, Size> = {
  full: {
    topologies: [1, 2, 3], profile: 'default', posts: 300, postWarm: 20, postIntervalMs: 50, costRounds: 3, costScans: 6, costUntraced: true, costIdleMs: 2_000,
    rateMs: 20_000, statusRounds: 3, statusS: 3, statusWarmS: 1, statusConnections: 32, overshootScans: 60, kills: { 2: 5, 3: 5 }, freezes: { 3: 3 },
    redisCostScans: 8, redisCostIdleMs: 4_000,
  },
  quick: {
    topologies: [1, 2, 3], profile: 'tiny', posts: 60, postWarm: 10, postIntervalMs: 50, costRounds: 1, costScans: 4, costUntraced: true, costIdleMs: 1_000,
    rateMs: 4_000, statusRounds: 1, statusS: 1, statusWarmS: 0, statusConnections: 16, overshootScans: 12, kills: { 2: 1, 3: 1 }, freezes: { 3: 1 },
    redisCostScans: 3, redisCostIdleMs: 2_000,
  },
  // tiny only proves the plumbing (the test suite runs it): one topology of two instances, one kill.
  tiny: {
    topologies: [2], profile: 'tiny', posts: 20, postWarm: 4, postIntervalMs: 50, costRounds: 1, costScans: 2, costUntraced: false, costIdleMs: 300,
    rateMs: 1_500, statusRounds: 1, statusS: 1, statusWarmS: 0, statusConnections: 8, overshootScans: 4, kills: { 2: 1 }, freezes: {},
    redisCostScans: 1, redisCostIdleMs: 1_000,
  },
};

/** A cheap real scan (one strategy of a few ms): the POST path is what is timed, not the pool. */
const POST_BODY = { strategies: ['funding_arbitrage'] };
/** The default scan: every strategy, every symbol, the default budget. */
const DEFAULT_SCAN = {};
/**
 * Callers in the scans-per-minute loop, the same for every topology: enough to keep every thread busy with a scan
 * waiting, few enough that a scan's wait in the queue stays well inside its 10 s budget on this machine.
 */
const RATE_LANES = 4;
/**
 * Fixture scan that runs to its deadline: t20 and t50 fit, t1500 never does and runs (speculatively, on the thread
 * nothing else wants) until it is stopped at deadline − grace. One scan in flight per instance, so no other scan's
 * task preempts it and every scan ends at its stop point, the path the overshoot is about.
 */
const DEADLINE_BUDGET_MS = 300;
const DEADLINE_SCAN = { strategies: ['t20', 't50', 't1500'], budgetMs: DEADLINE_BUDGET_MS };
/** Tracing off: the cost of mirroring snapshots alone. */
const NO_TRACE = { SCANNER_TRACE_CAP: '0' };
/** The owner of a running scan is frozen this long (the issue's `sleep 4`: twice the default 2 s lapse). */
const FREEZE_MS = 4_000;
/** How long every instance is read in turn after the owner resumes. */
const FREEZE_OBSERVE_MS = 3_000;
/** The owner is killed this long after its scan's creation: t20 and t50 have settled, t1500 runs. */
const KILL_AFTER_MS = 150;
/** The issue's bound on the lapse (deadline + at most 3 s by default). */
const LAPSE_BOUND_MS = 3_000;
/** Issue 17 §7: what one default scan may send into Redis with nobody watching. */
const REDIS_COMMANDS_PER_SCAN = 100;
const REDIS_BYTES_PER_FINAL_BYTE = 4;

interface CostPair {
  embedded: BatchCost;
  distributed: BatchCost;
}

interface Topology {
  label: string;
  instances: number;
  threadsEach: number;
  distributed: boolean;
  post: number[];
  /** GET /healthz latency on the same instances: the client + loopback floor. */
  floor: number[];
  /** POSTs the servers themselves answered within 5 ms (their own histogram), and how many they answered. */
  serverPost: { within5ms: number; count: number; unavailable: number };
  rate?: ScanRate;
  status?: StatusReads;
  overshoot?: OvershootSample[];
  kills: KillRound[];
  freezes: FreezeRound[];
}

/** Strategies of the scans-per-minute run that did not succeed, as "strategy status (code)" → count. */
function notSucceeded(t: { rate?: ScanRate }): Record<string, number> {
  const outcomes = (t.rate?.finals ?? []).flatMap((f) =>
    f.snapshot.strategies.filter((s) => s.status !== 'succeeded').map((s) => `${s.id} ${s.status}${s.error ? ` (${s.error.code})` : ''}`),
  );
  return countBy(outcomes);
}

function record(into: Topology, result: PostLatency): void {
  into.post.push(...result.latencies);
  into.serverPost.within5ms += result.serverWithin5ms;
  into.serverPost.count += result.serverCount;
  into.serverPost.unavailable += result.unavailable;
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
const describe = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
/** A figure only when there are samples (a topology without the measurement adds none). */
const fig = (label: string, unit: string, samples: readonly number[], kind: FigureKind = 'measure'): Figure[] => (samples.length ? [figure(label, unit, samples, kind)] : []);
const rps = (list: readonly LoadResult[]): number[] => list.map((r) => r.requestsPerSecond);
const cpuPerResponse = (list: readonly LoadResult[]): number[] => list.flatMap((r) => (r.serverCpuUsPerResponse === null ? [] : [r.serverCpuUsPerResponse]));
const safeUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

function skipped(title: string, url: string, reason: string): SuiteReport {
  return {
    suite: 'cluster',
    title,
    parameters: { redisUrl: safeUrl(url), skipped: true },
    figures: [],
    targets: [],
    notes: [`Skipped: ${reason}. Start redis-server on 127.0.0.1:6379 or set SCANNER_TEST_REDIS_URL; with CI set, an unreachable Redis fails the suite instead.`],
  };
}

export const clusterSuite: Suite = {
  name: 'cluster',
  title: 'distributed mode (Redis + BullMQ) on 1, 2 and 3 instances vs embedded: POST latency, mirror cost, cross-instance status, scans/min, deadlines and kill -9',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const redisUrl = benchRedisUrl();
    if (!(await redisReachable(redisUrl))) {
      const reason = `Redis at ${safeUrl(redisUrl)} did not answer PING`;
      if (process.env.CI) throw new Error(`${reason} (CI is set: the cluster suite must run)`);
      ctx.log(`warning: ${reason}; the cluster suite is skipped`);
      return skipped(this.title, redisUrl, reason);
    }
    const cores = availableParallelism();
    const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
    const client = new ScanClient();
    const live = new Set<BenchCluster>();
    const keysDeleted: Record<string, number> = {};
    const open = (spec: ClusterSpec): BenchCluster => {
      const cluster = new BenchCluster(spec);
      live.add(cluster);
      return cluster;
    };
    const close = async (cluster: BenchCluster): Promise<void> => {
      live.delete(cluster);
      keysDeleted[cluster.spec.label] = await cluster.stop();
    };
    const user = (what: string): string => `${uniquePrefix(what)}`;
    // The machine is shared: the 1-minute load average at each phase goes into the JSON beside the figures.
    const phaseLoad: Array<{ phase: string; load1: number }> = [];
    const log = (message: string): void => {
      phaseLoad.push({ phase: message, load1: Math.round((loadavg()[0] ?? 0) * 100) / 100 });
      ctx.log(message);
    };

    const topologies: Topology[] = [];
    // The embedded reference runs beside the first topology, with as many threads as each of its instances.
    const firstThreads = Math.max(1, Math.floor(cores / (size.topologies[0] ?? 1)));
    const embedded: Topology = { label: `embedded 1 × ${firstThreads}`, instances: 1, threadsEach: firstThreads, distributed: false, post: [], floor: [], serverPost: { within5ms: 0, count: 0, unavailable: 0 }, kills: [], freezes: [] };
    /** Per round: the same batch on an embedded and a distributed instance, as shipped and (costUntraced) with tracing off. */
    const costs: { traced: CostPair[]; untraced: CostPair[] } = { traced: [], untraced: [] };
    let redisCost: RedisCostRun | undefined;
    try {
      if (size.redisCostScans > 0) {
        log(`Redis cost: ${size.redisCostScans} default scans on one instance of ${cores} threads and a redis-server of its own`);
        redisCost = await redisCostRun(client, { profile: size.profile, threads: cores, scans: size.redisCostScans, idleMs: size.redisCostIdleMs, prefix: uniquePrefix('rc'), userPrefix: user('rc') });
      }
      for (const n of size.topologies) {
        const threadsEach = Math.max(1, Math.floor(cores / n));
        const topo: Topology = { label: `${n} × ${threadsEach}`, instances: n, threadsEach, distributed: true, post: [], floor: [], serverPost: { within5ms: 0, count: 0, unavailable: 0 }, kills: [], freezes: [] };
        topologies.push(topo);
        const redis = (tag: string) => ({ url: redisUrl, prefix: uniquePrefix(tag) });

        // Real strategies: POST latency, mirror cost, scans per minute, status reads.
        log(`${topo.label}: starting ${n} instance(s) of ${threadsEach} thread(s), real strategies, ${size.profile} market`);
        const real = open({ label: `real-${n}`, catalogue: 'real', profile: size.profile, threadsEach, redis: redis(`r${n}`) });
        const first = topologies.length === 1;
        const emb = first ? open({ label: 'embedded', catalogue: 'real', profile: size.profile, threadsEach }) : undefined;
        const untraced = first && size.costUntraced
          ? {
              emb: open({ label: 'embedded-untraced', catalogue: 'real', profile: size.profile, threadsEach, env: NO_TRACE }),
              dist: open({ label: 'real-untraced', catalogue: 'real', profile: size.profile, threadsEach, redis: redis('u'), env: NO_TRACE }),
            }
          : undefined;
        await Promise.all([real.start(n), emb?.start(1), untraced?.emb.start(1), untraced?.dist.start(1)]);

        log(`${topo.label}: POST latency (${size.posts} POSTs, one every ${size.postIntervalMs} ms)`);
        if (emb) {
          // Halves alternate between the modes, so a drift in the machine's load hits both.
          for (const [k, order] of [[embedded, topo], [topo, embedded]].entries()) {
            for (const into of order) {
              const instances = into === embedded ? emb.instances : real.instances;
              const posts = Math.ceil(size.posts / 2);
              into.floor.push(...(await healthFloor(client, instances, { requests: Math.ceil(size.posts / 4), intervalMs: size.postIntervalMs })));
              record(into, await postLatency(client, instances, { posts, warm: size.postWarm, intervalMs: size.postIntervalMs, body: POST_BODY, userPrefix: user(`p${into.distributed ? 'd' : 'e'}${k}`) }));
            }
          }
          const pairs: Array<{ into: CostPair[]; embedded: BenchCluster; distributed: BenchCluster }> = [
            { into: costs.traced, embedded: emb, distributed: real },
            ...(untraced ? [{ into: costs.untraced, embedded: untraced.emb, distributed: untraced.dist }] : []),
          ];
          for (let round = 0; round < size.costRounds; round++) {
            log(`mirror cost round ${round + 1}/${size.costRounds}: ${size.costScans} default scans on each of ${pairs.length * 2} instances`);
            // The order alternates by round, so a drift in the machine's load hits every side.
            for (const pair of round % 2 === 0 ? pairs : [...pairs].reverse()) {
              const sides = round % 2 === 0 ? (['embedded', 'distributed'] as const) : (['distributed', 'embedded'] as const);
              const result: Partial<CostPair> = {};
              for (const side of sides) {
                const instance = pair[side].instances[0];
                if (!instance) throw new Error(`no ${side} instance to measure`);
                result[side] = await batchCost(client, instance, { scans: size.costScans, idleMs: size.costIdleMs, body: DEFAULT_SCAN, userPrefix: user(`c${side[0]}${round}`) });
              }
              pair.into.push(result as CostPair);
            }
          }
          if (untraced) await Promise.all([close(untraced.emb), close(untraced.dist)]);
          log(`embedded: default scans for ${size.rateMs / 1000} s`);
          await scanRate(client, emb.instances, { lanes: RATE_LANES, durationMs: 0, body: DEFAULT_SCAN, userPrefix: user('we') });
          embedded.rate = await scanRate(client, emb.instances, { lanes: RATE_LANES, durationMs: size.rateMs, body: DEFAULT_SCAN, userPrefix: user('se') });
          await close(emb);
        } else {
          topo.floor = await healthFloor(client, real.instances, { requests: Math.ceil(size.posts / 2), intervalMs: size.postIntervalMs });
          record(topo, await postLatency(client, real.instances, { posts: size.posts, warm: size.postWarm, intervalMs: size.postIntervalMs, body: POST_BODY, userPrefix: user('pd') }));
        }

        log(`${topo.label}: default scans for ${size.rateMs / 1000} s`);
        await scanRate(client, real.instances, { lanes: RATE_LANES, durationMs: 0, body: DEFAULT_SCAN, userPrefix: user('wd') });
        topo.rate = await scanRate(client, real.instances, { lanes: RATE_LANES, durationMs: size.rateMs, body: DEFAULT_SCAN, userPrefix: user('sd') });

        if (n >= 2) {
          const last = topo.rate.finals.at(-1);
          const owner = real.byId(last?.snapshot.instance ?? null);
          const other = real.instances.find((i) => i !== owner);
          if (!last || !owner || !other) throw new Error('no finished scan with a known owner to read');
          log(`${topo.label}: status GETs via the owner and via another instance`);
          topo.status = await statusReads({ id: last.snapshot.id, user: last.snapshot.userId }, owner, other, {
            rounds: size.statusRounds, durationS: size.statusS, warmS: size.statusWarmS, connections: size.statusConnections,
          });
        }
        await close(real);

        // Fixture strategies: scans that run to their deadline; kills.
        log(`${topo.label}: deadline overshoot, ${size.overshootScans} scans of ${DEADLINE_BUDGET_MS} ms`);
        const fixture = open({ label: `fixture-${n}`, catalogue: 'fixture', profile: 'tiny', threadsEach, redis: redis(`f${n}`) });
        await fixture.start(n);
        topo.overshoot = await overshootRun(client, fixture.instances, { scans: size.overshootScans, warm: 2 * n, lanes: n, body: DEADLINE_SCAN, userPrefix: user('o') });
        const freezes = size.freezes[n] ?? 0;
        for (let round = 0; round < freezes; round++) {
          log(`${topo.label}: freeze the owner ${round + 1}/${freezes}`);
          topo.freezes.push(await freezeRound(client, fixture, { round, freezeMs: FREEZE_MS, observeMs: FREEZE_OBSERVE_MS, userPrefix: user('z') }));
          for (const instance of fixture.instances) await fixture.waitIdle(instance);
        }
        const kills = size.kills[n] ?? 0;
        for (let round = 0; round < kills; round++) {
          log(`${topo.label}: kill -9 ${round + 1}/${kills}`);
          topo.kills.push(await killRound(client, fixture, { round, killAfterMs: KILL_AFTER_MS, body: DEADLINE_SCAN, userPrefix: user('k'), replace: round < kills - 1 }));
        }
        await close(fixture);
      }
    } finally {
      client.close();
      await Promise.all([...live].map((c) => close(c)));
    }
    const loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);

    // Cost per mirrored version, per round.
    // Each instance's background: its lowest idle rate over every window it had (see busyMainMs).
    const background = (list: CostPair[], side: keyof CostPair): number => Math.min(...list.flatMap((c) => c[side].idleMainMsPerS));
    const busy = (list: CostPair[]): Array<{ embedded: number; distributed: number; pair: CostPair }> => {
      const bg = { embedded: background(list, 'embedded'), distributed: background(list, 'distributed') };
      return list.map((pair) => ({ embedded: busyMainMs(pair.embedded, bg.embedded), distributed: busyMainMs(pair.distributed, bg.distributed), pair }));
    };
    const perVersionUs = (list: CostPair[]): number[] => busy(list).map((b) => ((b.distributed - b.embedded) * 1000) / b.pair.distributed.versions);
    const perScanMs = (list: CostPair[]): number[] => busy(list).map((b) => b.distributed / b.pair.distributed.scans - b.embedded / b.pair.embedded.scans);
    const embeddedPerScanMs = (list: CostPair[]): number[] => busy(list).map((b) => b.embedded / b.pair.embedded.scans);
    const allCosts = [...costs.traced, ...costs.untraced];
    const backgrounds = (side: keyof CostPair): number[] => [costs.traced, costs.untraced].filter((l) => l.length).map((l) => background(l, side));

    const distributed = topologies;
    const all = [embedded, ...distributed];
    const postFigures = all.flatMap((t) => [
      figure(`POST → 202, ${t.distributed ? 'distributed ' : ''}${t.label}`, 'ms', t.post),
      ...fig(`floor: GET /healthz, same client and instances, ${t.distributed ? 'distributed ' : ''}${t.label}`, 'ms', t.floor),
      ...fig(`share of POSTs the server answered within 5 ms (its own histogram), ${t.distributed ? 'distributed ' : ''}${t.label}`, 'share', t.serverPost.count ? [t.serverPost.within5ms / t.serverPost.count] : [], 'ratio'),
    ]);
    const statusRatios = new Map(distributed.filter((t) => t.status).map((t) => [t.label, pairRatios(rps(t.status?.other ?? []), rps(t.status?.owner ?? []))]));
    const overshootOf = (t: Topology): number[] => (t.overshoot ?? []).map((s) => s.observedMs);
    const kills = distributed.flatMap((t) => t.kills);
    const lost = kills.flatMap((k) => k.lost);
    const freezes = distributed.flatMap((t) => t.freezes);
    const succeededPerScan = (t: Topology): number[] => (t.rate?.finals ?? []).map((f) => f.snapshot.progress.succeeded);

    // The first scan also loads BullMQ's scripts into the fresh Redis (EVAL with each script's source, once per server).
    const redisScans = redisCost?.scans.slice(redisCost.scans.length > 1 ? 1 : 0) ?? [];
    const figures: Figure[] = [
      ...postFigures,
      ...fig('main-thread CPU per mirrored version, as shipped (snapshot + trace records): (distributed − embedded) ÷ versions, per round', 'µs', perVersionUs(costs.traced)),
      ...fig('main-thread CPU per mirrored version, tracing off (SCANNER_TRACE_CAP=0: snapshots alone), per round', 'µs', perVersionUs(costs.untraced)),
      ...fig('main-thread CPU per default scan, embedded as shipped (the base the above adds to)', 'ms', embeddedPerScanMs(costs.traced)),
      ...fig('main-thread CPU per default scan: distributed − embedded, as shipped, per round', 'ms', perScanMs(costs.traced)),
      ...fig('main-thread CPU per default scan: distributed − embedded, tracing off, per round', 'ms', perScanMs(costs.untraced)),
      ...fig('versions mirrored per default scan', 'versions', allCosts.map((c) => c.distributed.versions / c.distributed.scans)),
      ...fig('background main-thread CPU (lowest idle rate per instance), embedded', 'ms/s', backgrounds('embedded')),
      ...fig('background main-thread CPU (lowest idle rate per instance), distributed (heartbeat, sweeper, queue)', 'ms/s', backgrounds('distributed')),
      ...all.flatMap((t) => fig(`default scans per minute, ${t.distributed ? 'distributed ' : ''}${t.label}`, 'scans/min', t.rate ? [t.rate.scansPerMinute] : [])),
      ...all.flatMap((t) => fig(`strategies succeeded per default scan, ${t.distributed ? 'distributed ' : ''}${t.label}`, 'strategies', succeededPerScan(t))),
      ...distributed.flatMap((t) => [
        ...fig(`status GET via the owner, ${t.label}`, 'req/s', rps(t.status?.owner ?? [])),
        ...fig(`status GET via another instance, ${t.label}`, 'req/s', rps(t.status?.other ?? [])),
        ...fig(`status GET other / owner (per round), ${t.label}`, '×', statusRatios.get(t.label) ?? [], 'ratio'),
        ...fig(`server CPU per status GET via the owner, ${t.label}`, 'µs', cpuPerResponse(t.status?.owner ?? [])),
        ...fig(`server CPU per status GET via another instance (Redis's own CPU not included), ${t.label}`, 'µs', cpuPerResponse(t.status?.other ?? [])),
      ]),
      ...distributed.flatMap((t) => [
        ...fig(`final observable on another instance − deadline, no kill, ${t.label}`, 'ms', overshootOf(t)),
        ...fig(`finishedAt − deadlineAt as recorded, no kill, ${t.label}`, 'ms', (t.overshoot ?? []).map((s) => s.recordedMs)),
      ]),
      ...distributed.flatMap((t) => [
        ...fig(`kill -9: kill → lost scan final on a survivor, ${t.label}`, 'ms', t.kills.flatMap((k) => k.lost.map((l) => l.lapseMs))),
        ...fig(`kill -9: lost scan final − deadline, ${t.label}`, 'ms', t.kills.flatMap((k) => k.lost.map((l) => l.afterDeadlineMs))),
        ...fig(`kill -9: survivors' scans final − deadline, ${t.label}`, 'ms', t.kills.flatMap((k) => k.othersAfterDeadlineMs)),
      ]),
      ...fig(`kill -9 lapse (kill → final observable elsewhere), all ${kills.length} kills`, 'ms', lost.map((l) => l.lapseMs)),
      ...fig(`freeze the owner: SIGSTOP → survivors' final, all ${freezes.length} freezes`, 'ms', freezes.map((f) => f.finalisedAfterMs)),
      ...fig(`freeze the owner: SIGCONT → every instance serves the survivors' final, all ${freezes.length} freezes`, 'ms', freezes.map((f) => f.agreedAfterMs)),
      ...fig('freeze the owner: reads after SIGCONT, per freeze', 'reads', freezes.map((f) => f.reads)),
      ...fig('Redis commands in per default scan, nobody watching (private Redis, INFO, idle background removed)', 'commands', redisScans.map((r) => r.commands)),
      ...fig('Redis bytes in per default scan, nobody watching (idle background removed)', 'KiB', redisScans.map((r) => r.inputBytes / 1024)),
      ...fig('Redis bytes in per default scan ÷ its final snapshot\'s bytes', '×', redisScans.map((r) => r.inputBytes / r.finalBytes), 'ratio'),
      ...fig('final snapshot of a default scan (JSON)', 'KiB', redisScans.map((r) => r.finalBytes / 1024)),
    ];

    const worst = <T>(items: readonly T[], value: (item: T) => number, pick: (a: number, b: number) => number): number =>
      items.length ? items.map(value).reduce((a, b) => pick(a, b)) : Number.NaN;
    const postP99 = worst(distributed, (t) => summarize(t.post).p99, Math.max);
    const statusWorst = worst([...statusRatios.values()], (r) => median(r), Math.min);
    const overshootP99 = worst(distributed.filter((t) => t.overshoot?.length), (t) => summarize(overshootOf(t)).p99, Math.max);
    const targets = [
      target(`distributed POST → 202 p99 ≤ 5 ms (worst of ${distributed.map((t) => t.label).join(', ')})`, postP99, '<=', 5),
      ...(statusRatios.size ? [target('status GET via another instance ≥ 0.5 × via the owner (median of per-round ratios, worst topology)', statusWorst, '>=', 0.5)] : []),
      target('final observable elsewhere − deadline p99 ≤ 25 ms with no kill (worst topology)', overshootP99, '<=', 25),
      ...(freezes.length
        ? [
            target(`freeze the owner: reads after SIGCONT that disagree with the survivors' final = 0 (all ${freezes.length} freezes)`, freezes.reduce((n, f) => n + f.disagreements, 0), '<=', 0),
            target(`freeze the owner: reads after SIGCONT whose version went back = 0 (all ${freezes.length} freezes)`, freezes.reduce((n, f) => n + f.regressions, 0), '<=', 0),
          ]
        : []),
      ...(lost.length ? [target(`kill -9: lost scans final ≤ deadline + ${LAPSE_BOUND_MS / 1000} s (max of final − deadline)`, Math.max(...lost.map((l) => l.afterDeadlineMs)), '<=', LAPSE_BOUND_MS)] : []),
      ...(redisScans.length
        ? [
            target(`Redis commands in per default scan ≤ ${REDIS_COMMANDS_PER_SCAN}, nobody watching (median)`, median(redisScans.map((r) => r.commands)), '<=', REDIS_COMMANDS_PER_SCAN),
            target(`Redis bytes in per default scan ≤ ${REDIS_BYTES_PER_FINAL_BYTE} × its final snapshot, nobody watching (median)`, median(redisScans.map((r) => r.inputBytes / r.finalBytes)), '<=', REDIS_BYTES_PER_FINAL_BYTE),
          ]
        : []),
    ];

    const summaryRow = (t: Topology): string[] => {
      const post = summarize(t.post);
      const finals = t.rate?.finals ?? [];
      const succeeded = succeededPerScan(t);
      const over = t.overshoot?.length ? summarize(overshootOf(t)) : undefined;
      const ratio = statusRatios.get(t.label);
      return [
        t.distributed ? `distributed ${t.label}` : t.label,
        formatNumber(post.median),
        formatNumber(post.p99),
        t.floor.length ? `${formatNumber(summarize(t.floor).median)} / ${formatNumber(summarize(t.floor).p99)}` : '–',
        t.serverPost.count ? `${((100 * t.serverPost.within5ms) / t.serverPost.count).toFixed(1)} %` : '–',
        t.rate ? formatNumber(t.rate.scansPerMinute) : '–',
        describe(countBy(finals.map((f) => f.snapshot.state))) || '–',
        succeeded.length ? `${formatNumber(succeeded.reduce((a, b) => a + b, 0) / succeeded.length)} (min ${Math.min(...succeeded)})` : '–',
        over ? `${formatNumber(over.median)} / ${formatNumber(over.p99)}` : '–',
        ratio ? formatNumber(median(ratio)) : '–',
      ];
    };
    const metOrMissed = (value: number, bound: number): string => (Number.isFinite(value) ? (value <= bound ? 'met' : 'missed') : '–');
    const redisCommands = redisScans.length ? median(redisScans.map((r) => r.commands)) : Number.NaN;
    const redisRatio = redisScans.length ? median(redisScans.map((r) => r.inputBytes / r.finalBytes)) : Number.NaN;
    const cpuPerScan = costs.traced.length ? median(perScanMs(costs.traced)) : Number.NaN;
    const perScanTable: ReportTable = {
      title: 'Per default scan, nobody watching: what the owner sends into Redis, beside what it costs its main thread',
      header: ['measure', 'median', 'target', ''],
      rows: [
        ['Redis commands in', Number.isFinite(redisCommands) ? formatNumber(redisCommands) : '–', `≤ ${REDIS_COMMANDS_PER_SCAN}`, metOrMissed(redisCommands, REDIS_COMMANDS_PER_SCAN)],
        ['Redis bytes in ÷ final snapshot bytes', Number.isFinite(redisRatio) ? `${formatNumber(redisRatio)} ×` : '–', `≤ ${REDIS_BYTES_PER_FINAL_BYTE} ×`, metOrMissed(redisRatio, REDIS_BYTES_PER_FINAL_BYTE)],
        ['Redis bytes in', redisScans.length ? `${formatNumber(median(redisScans.map((r) => r.inputBytes / 1024)))} KiB` : '–', '', ''],
        ['main-thread CPU, distributed − embedded', Number.isFinite(cpuPerScan) ? `${formatNumber(cpuPerScan)} ms` : '–', '', ''],
      ],
    };
    const tables: ReportTable[] = [
      perScanTable,
      {
        title: 'By topology (instances × threads each)',
        header: ['topology', 'POST p50 ms', 'POST p99 ms', 'GET /healthz p50 / p99 ms', 'POSTs ≤ 5 ms in the server', 'default scans/min', 'final states', 'strategies succeeded per scan (of 14)', 'overshoot p50 / p99 ms', 'status other / owner'],
        rows: all.map(summaryRow),
      },
      ...(kills.length
        ? [{
            title: `kill -9 of an owner ${KILL_AFTER_MS} ms into a ${DEADLINE_BUDGET_MS} ms scan`,
            header: ['round', 'instances', 'killed at (ms after creation)', 'lost scans', 'final states', 'strategies kept / INSTANCE_LOST / other', 'kill → final ms', 'final − deadline ms'],
            rows: kills.map((k, i) => [
              String(i + 1),
              String(k.instances),
              String(k.killedAtMs),
              String(k.lost.length),
              describe(countBy(k.lost.map((l) => l.state))) || '–',
              k.lost.map((l) => `${l.kept} / ${l.instanceLost} / ${l.other}`).join(', ') || '–',
              k.lost.map((l) => formatNumber(l.lapseMs)).join(', ') || '–',
              k.lost.map((l) => formatNumber(l.afterDeadlineMs)).join(', ') || '–',
            ]),
          }]
        : []),
    ];

    const uneven = distributed.filter((t) => t.instances * t.threadsEach !== cores);
    const timed503 = all.reduce((n, t) => n + t.serverPost.unavailable, 0);
    const unavailableNote =
      timed503 + client.unavailable > 0
        ? `Instances answered 503 STORE_UNAVAILABLE (a Redis call took longer than the instance's 1 s store timeout) to ${timed503} timed POST(s), kept in the POST figures as answered, and to ${client.unavailable} other request(s), retried after 250 ms as a poller would.`
        : undefined;
    const missed = all.flatMap((t) => {
      const counts = notSucceeded(t);
      return Object.keys(counts).length ? [`${t.label}: ${describe(counts)}`] : [];
    });
    const lapse = lost.length ? summarize(lost.map((l) => l.lapseMs)) : undefined;
    return {
      suite: 'cluster',
      title: this.title,
      parameters: {
        cores,
        topologies: distributed.map((t) => ({ instances: t.instances, threadsEach: t.threadsEach })),
        redisUrl: safeUrl(redisUrl),
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAtEnd,
        realMarketProfile: size.profile,
        postBody: POST_BODY,
        posts: size.posts,
        postIntervalMs: size.postIntervalMs,
        mirrorCost: { rounds: size.costRounds, scansPerRound: size.costScans, idleWindowMs: size.costIdleMs, batches: costs },
        scanRateMs: size.rateMs,
        scanRateLanes: RATE_LANES,
        scansPerMinute: Object.fromEntries(all.map((t) => [t.label, t.rate ? { scans: t.rate.finals.length, wallMs: Math.round(t.rate.wallMs), finalStates: countBy(t.rate.finals.map((f) => f.snapshot.state)), notSucceeded: notSucceeded(t) } : null])),
        loadByPhase: phaseLoad,
        timedPostsAnswered503: Object.fromEntries(all.map((t) => [t.label, t.serverPost.unavailable])),
        otherRequestsAnswered503AndRetried: client.unavailable,
        status: { rounds: size.statusRounds, durationS: size.statusS, connections: size.statusConnections },
        deadlineScan: DEADLINE_SCAN,
        overshootScans: size.overshootScans,
        overshootFinalStates: Object.fromEntries(distributed.map((t) => [t.label, countBy((t.overshoot ?? []).map((s) => s.state))])),
        killAfterMs: KILL_AFTER_MS,
        kills: kills.length,
        lostInstanceMs: 'default (SCANNER_LOST_INSTANCE_MS 2000)',
        redisKeysDeleted: keysDeleted,
        redisCost: redisCost ?? null,
      },
      figures,
      targets,
      tables,
      notes: [
        `Threads split so that instances × threads = ${cores} cores: ${distributed.map((t) => t.label).join(', ')}.${uneven.length ? ` ${uneven.map((t) => t.label).join(', ')} cannot split ${cores} threads evenly: each instance gets ${uneven[0]?.threadsEach ?? 1}, so ${uneven.map((t) => t.instances * t.threadsEach).join(', ')} threads share ${cores} cores.` : ''} Embedded = one process with ${firstThreads} thread(s) and no Redis (as many as each instance of the first topology, ${distributed[0]?.label ?? ''}).`,
        `Everything runs on this machine: the instances, Redis (one more process competing for the same cores) and the client (this process: the POSTs, the long-polls, autocannon). Load average ${loadAtStart.join(' / ')} at the start, ${loadAtEnd.join(' / ')} at the end.`,
        `POST → 202: one POST at a time, one every ${size.postIntervalMs} ms, each as a new user, the instances in turn; each starts a one-strategy scan (${POST_BODY.strategies.join(', ')}), which the instances place, run and mirror meanwhile. Latency is the client's, keep-alive, loopback; GET /healthz on the same instances, paced the same way, gives the floor (client, loopback and HTTP stack alone on this machine), and each server's own request histogram (scanner_http_request_duration_seconds, until the response headers) how many of the POSTs it answered within 5 ms, the client's share of the time left out.`,
        `Cost per mirrored version: the first instance of ${distributed[0]?.label ?? ''} (${firstThreads} thread(s)) runs ${size.costScans} default scans one after the other (POST, followed to final on the same instance); its main thread's CPU (/proc schedstat) over the batch, less its background rate × the batch's duration, is the batch's cost; the background is the instance's lowest idle rate over every ${size.costIdleMs / 2} ms window measured before its batches (a higher reading is V8 collecting an earlier batch's garbage while idle: that batch's cost, not background). The same batch on the embedded instance is subtracted and the difference divided by the versions the mirror wrote (each scan's final version − 1: the POST stores version 1). Everything else distributed mode does per scan (the POST's Redis script and BullMQ job, taking and completing the job, reading through the registry) is charged to the versions too, so the figure is an upper bound; "per default scan" gives the whole difference per scan. As shipped, the owner also mirrors every trace record (SCANNER_TRACE_CAP); ${size.costUntraced ? 'the same pair of instances with tracing off (SCANNER_TRACE_CAP=0) gives the snapshots alone' : 'this mode does not measure the pair with tracing off'}.`,
        `Default scans per minute: the real strategies on the ${size.profile} market, the request's defaults (every strategy, every symbol, 10 s budget); a closed loop of ${RATE_LANES} callers, each POSTing the next scan when its previous one is final, to the instances in turn, for ${size.rateMs / 1000} s; rate = scans ÷ (last final − first POST). A faster rate with fewer strategies succeeded would be a regression: the table gives both.${missed.length ? ` Strategies that did not succeed: ${missed.join('; ')}.` : ''}`,
        `Status reads: a finished default scan read by autocannon (${size.statusConnections} connections, ${size.statusS} s per load, ${size.statusRounds} round(s), order alternating) through its owner (its own registry) and through another instance (Redis on every GET).`,
        `Deadline overshoot: fixture scans ${JSON.stringify(DEADLINE_SCAN.strategies)} with a ${DEADLINE_BUDGET_MS} ms budget (t1500 never fits and runs until stopped at deadline − grace), one in flight per instance, POSTed to the instances in turn and followed by long-poll on the next instance: the time is when that instance answered with the final version (through Redis unless it was the owner). Negative = before the deadline.`,
        `kill -9: one such scan per instance; the owner of the first is sent SIGKILL ${KILL_AFTER_MS} ms after its creation, and every scan is followed on a survivor from before the kill. Lapse = kill → the lost scan's final observed on a survivor; a replacement instance (new id) joins after each round.${lapse ? ` Over ${lost.length} lost scans: median ${formatNumber(lapse.median)} ms, max ${formatNumber(lapse.max)} ms.` : ''}`,
        `freeze the owner: a scan of ${FREEZE_SCAN.strategies.join(', ')} (${FREEZE_SCAN.budgetMs / 1000} s budget) on 3 instances; once it has settled a strategy its owner gets SIGSTOP for ${FREEZE_MS} ms (past the 2 s lapse, so the survivors finalise it INSTANCE_LOST), then SIGCONT; every instance is then read in turn for ${FREEZE_OBSERVE_MS} ms. Before the fence (issue 18) the owner served running versions after the survivors' final, then a final of its own.`,
        ...(redisCost
          ? [`Redis per default scan: one instance of ${redisCost.threads} thread(s), real strategies on the ${redisCost.profile} market, on a redis-server of the suite's own (no persistence), ${redisCost.scans.length} default scans one after the other, each followed to final by long-poll on that instance, nobody watching (no /inspect, no reader elsewhere). Per scan: INFO total_commands_processed (commands run inside scripts count, as Redis counts them) and total_net_input_bytes from just before its POST to ${REDIS_COST_SETTLE_MS} ms after its final was read, less the instance's idle rate (${formatNumber(redisCost.idle.commandsPerS)} commands/s, ${formatNumber(redisCost.idle.bytesPerS / 1024)} KiB/s: heartbeat, sweeper, BullMQ's stalled check) × the scan's duration. The job's lock renewal while it runs is charged to the scan. The first scan also loads BullMQ's scripts into the fresh server and is left out of the figures when there are several. Commands by name per scan are in the JSON (parameters.redisCost).`]
          : []),
        ...(unavailableNote ? [unavailableNote] : []),
        `Each cluster uses its own Redis prefix, deleted when it stops (keys deleted: ${describe(keysDeleted)}).`,
      ],
    };
  },
};
