// A strategy catalogue for the refusals suite, loaded by the service in place of the real one (SCANNER_CATALOGUE_URL):
// `holds` keeps its worker and its scan's slot until told to stop, without using the CPU, so the service can be held at
// its scan bound while every core is left to the server and the load; `computes` holds its slot the way a user's real
// scan does, computing on its core until told to stop (the suite's second row: the server then shares the cores with
// its own workers); `done` finishes at once, for a final scan to poll.
import { compiledUrl } from '../../src/compiled-path.js';
import type { StrategyDefinition } from '../../workers/strategy-types.js';

/** How often `holds` wakes to read its stop-check: a stopped scan ends within this (plus the engine's own latency). */
const WAKE_MS = 10;

/** Never written: Atomics.wait on it always sleeps the full timeout (allowed in worker threads, where strategies run). */
const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Where `computes` leaves its result, so its loop is work the engine cannot drop. */
const sink = new Float64Array(1);

export const strategyCatalogue: readonly StrategyDefinition[] = [
  {
    id: 'holds',
    name: 'holds',
    description: 'bench fixture: sleeps until stopped (holds a worker and a scan slot, no CPU)',
    inputs: [],
    run(_market, _params, shouldStop) {
      while (!shouldStop()) Atomics.wait(sleeper, 0, 0, WAKE_MS);
      return [];
    },
  },
  {
    id: 'computes',
    name: 'computes',
    description: 'bench fixture: computes until stopped (holds a worker, a scan slot and a core)',
    inputs: [],
    run(_market, _params, shouldStop) {
      let x = 0;
      // Floating-point work in short batches between stop checks, like a real strategy's inner loop.
      while (!shouldStop()) for (let i = 1; i <= 10_000; i++) x = Math.sqrt(x + i);
      sink[0] = x;
      return [];
    },
  },
  {
    id: 'done',
    name: 'done',
    description: 'bench fixture: returns one opportunity at once',
    inputs: [],
    run: (_market, params) => [
      {
        strategy: 'done',
        symbols: [params.symbols[0] ?? 'AAA'],
        side: 'long',
        confidence: 5,
        expectedReturnPct: 2,
        riskPct: 1,
        horizon: '1h',
        entry: 100,
        stop: 99,
        target: 102,
        rationale: 'bench fixture done',
      },
    ],
  },
];

/** What SCANNER_CATALOGUE_URL names to load this catalogue (compiled, like every catalogue the workers load). */
export const holdingCatalogueUrl = (): string => compiledUrl('bench/lib/holding-catalogue');
