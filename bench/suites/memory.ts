// Suite 8 — memory: (1) heap per retained finished scan; (2) heap after 10,000 scans once the TTL has evicted them, sampled
// every 1,000 scans, which must stay flat. Heap is measured after forced full collections (lib/gc.ts).
import { runWindowed } from '../lib/concurrency.js';
import { estimateRetainedBytes } from '../../src/core/retained-weight.js';
import { createObservedService, fixtureScan } from '../lib/engine.js';
import { settledHeapUsed } from '../lib/gc.js';
import type { BenchMode } from '../lib/options.js';
import { figure, type Figure } from '../lib/report.js';
import { probeEventLoop } from '../lib/runtime-probes.js';
import { median } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import { DEFAULT_MAX_RETAINED_BYTES } from '../../src/core/scan-service.js';
import { measureRealWeight, type RealWeight } from './memory/real-weight.js';

/** Retained scans finish with three strategy records and three ranked opportunities. */
const STRATEGIES = ['fast', 'fast_b', 'empty'];
/** Churn scans are lighter (one strategy), so 10,000 of them fit the run's time budget; growth is what is measured. */
const CHURN_STRATEGIES = ['fast'];
const IN_FLIGHT = 50;
const EVICT_TTL_MS = 100;
const SIZES: Record<BenchMode, { retainRounds: number; retained: number; churn: number; chunk: number; realRetained: number }> = {
  full: { retainRounds: 2, retained: 1_000, churn: 10_000, chunk: 1_000, realRetained: 500 },
  quick: { retainRounds: 1, retained: 300, churn: 1_000, chunk: 250, realRetained: 150 },
  tiny: { retainRounds: 1, retained: 50, churn: 200, chunk: 100, realRetained: 30 },
};
/** Real-result scans are weighed on these market profiles. */
const REAL_PROFILES = ['default', 'heavy'] as const;

const KiB = 1024;
const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const memorySuite: Suite = {
  name: 'memory',
  title: 'heap per retained finished scan; heap across 10,000 scans evicted by TTL',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const request = fixtureScan(STRATEGIES);
    const loop = probeEventLoop('whole suite');

    // (1) Retention: everything stays (long TTL, high cap); the heap grows by what a finished scan keeps.
    const perScan: number[] = [];
    let fixtureEstimate = 0;
    const retaining = createObservedService({ resultTtlMs: 3_600_000, maxRetained: size.retained * 2 });
    try {
      const warm = async (): Promise<void> => {
        await runWindowed(200, IN_FLIGHT, async () => void (await retaining.finished(retaining.registry.create(request))));
      };
      await warm();
      for (let round = 0; round < size.retainRounds; round++) {
        retaining.registry.clear();
        const before = settledHeapUsed();
        ctx.log(`retain round ${round + 1}/${size.retainRounds}: ${size.retained} scans`);
        await runWindowed(size.retained, IN_FLIGHT, async () => void (await retaining.finished(retaining.registry.create(request))));
        if (retaining.registry.retainedCount !== size.retained) throw new Error(`retained ${retaining.registry.retainedCount} scans, expected ${size.retained}`);
        perScan.push((settledHeapUsed() - before) / size.retained / KiB);
        const [oneId] = retaining.registry.ids();
        const one = oneId === undefined ? undefined : retaining.registry.snapshot(oneId);
        if (one) fixtureEstimate = estimateRetainedBytes(one);
      }
    } finally {
      await retaining.close();
    }

    // (2) Churn: a short TTL evicts every finished scan; after each chunk, wait for eviction and read the settled heap.
    const churning = createObservedService({ resultTtlMs: EVICT_TTL_MS });
    const churnRequest = fixtureScan(CHURN_STRATEGIES);
    const heapAfterChunk: number[] = [];
    let heapBefore = 0;
    let retainedAtEnd = -1;
    try {
      await runWindowed(200, IN_FLIGHT, async () => void (await churning.finished(churning.registry.create(churnRequest))));
      await sleep(EVICT_TTL_MS * 3);
      heapBefore = settledHeapUsed();
      for (let done = 0; done < size.churn; done += size.chunk) {
        await runWindowed(size.chunk, IN_FLIGHT, async () => void (await churning.finished(churning.registry.create(churnRequest))));
        await sleep(EVICT_TTL_MS * 3);
        heapAfterChunk.push(settledHeapUsed());
        ctx.log(`churn: ${done + size.chunk}/${size.churn} scans, retained ${churning.registry.retainedCount}`);
      }
      retainedAtEnd = churning.registry.retainedCount;
    } finally {
      await churning.close();
    }

    // (3) Real results: what a retained scan weighs when it holds what the real strategies found, on each market.
    const real: RealWeight[] = [];
    for (const profile of REAL_PROFILES) real.push(await measureRealWeight(profile, size.realRetained, size.retainRounds, ctx.log));

    const last = heapAfterChunk[heapAfterChunk.length - 1] ?? Number.NaN;
    const first = heapAfterChunk[0] ?? Number.NaN;
    const figures: Figure[] = [
      figure(`heap per retained finished scan (${size.retained} per round)`, 'KiB', perScan, 'memory'),
      figure('heap before churn (after warm-up, evicted)', 'MiB', [heapBefore / MiB], 'memory'),
      figure(`heap after each ${size.chunk.toLocaleString('en-US')} scans, TTL-evicted`, 'MiB', heapAfterChunk.map((b) => b / MiB), 'memory'),
      figure(`heap after ${size.churn.toLocaleString('en-US')} scans − before`, 'MiB', [(last - heapBefore) / MiB], 'memory'),
      figure(`heap growth, first → last chunk (${heapAfterChunk.length} chunks)`, 'KiB', [(last - first) / KiB], 'memory'),
      figure('finished scans still retained after the last eviction', 'scans', [retainedAtEnd], 'memory'),
      figure('estimated ÷ measured heap per retained fixture scan (src/core/retained-weight.ts)', 'ratio', [fixtureEstimate / KiB / median(perScan)], 'memory'),
      ...real.flatMap((w) => [
        figure(`heap per retained real scan, ${w.profile} market (${size.realRetained} per round)`, 'KiB', w.heapPerScan.map((b) => b / KiB), 'memory'),
        figure(`RSS per retained real scan, ${w.profile} market`, 'KiB', w.rssPerScan.map((b) => b / KiB), 'memory'),
        figure(`final snapshot as JSON, ${w.profile} market (${w.listed} opportunities listed of ${w.found} found)`, 'KiB', [w.jsonBytes / KiB], 'memory'),
        figure(`estimated ÷ measured heap per retained real scan, ${w.profile} market`, 'ratio', [w.estimated / median(w.heapPerScan)], 'memory'),
        figure(`real ${w.profile}-market scans within the default SCANNER_MAX_RETAINED_BYTES (${DEFAULT_MAX_RETAINED_BYTES / MiB} MiB), by estimate`, 'scans', [Math.floor(DEFAULT_MAX_RETAINED_BYTES / w.estimated)], 'memory'),
      ]),
      loop.stop(),
    ];
    return {
      suite: 'memory',
      title: this.title,
      parameters: {
        retainedScanStrategies: STRATEGIES,
        churnScanStrategies: CHURN_STRATEGIES,
        retainedPerRound: size.retained,
        retainRounds: size.retainRounds,
        churnScans: size.churn,
        chunk: size.chunk,
        inFlight: IN_FLIGHT,
        evictTtlMs: EVICT_TTL_MS,
        realRetainedPerRound: size.realRetained,
        realProfiles: REAL_PROFILES,
        realRecordMs: Object.fromEntries(real.map((w) => [w.profile, Math.round(w.recordMs)])),
        heapMeasuredAfter: 'two forced full GCs (v8 --expose-gc set at run time)',
      },
      figures,
      targets: [],
      notes: [
        'Heap is the main thread\'s V8 heapUsed (actors, registry, snapshots); worker heaps are separate and do not hold scans.',
        'Fixture strategies (three per scan) keep the run short; a real scan holds up to 25 opportunities per strategy and weighs more.',
        'Real scans: every real strategy is run once, whole, on the profile\'s market; the retained scans replay those results (bench/suites/memory/replay-catalogue.ts) with the real request (every symbol, the demo portfolio). RSS is noisy: it includes allocator slack and pool threads.',
      ],
    };
  },
};
