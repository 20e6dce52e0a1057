// (d) Capacity after a hard abort: on a one-thread engine, a scan of the fixture strategies `spins` (never polls its stop
// flag) then `fast`. `spins` is hard-aborted at its own deadline, which terminates its worker; the figure is the time from
// that abort to the moment a worker starts `fast`. With a warm spare worker the next task starts on it at once; without
// one it waits for Piscina to start a replacement. Fixed catalogue order and no quarantine, so `spins` runs first every time.
import { wallNow } from '../../../workers/task-control.js';
import { createObservedService, fixtureScan } from '../../lib/engine.js';
import { benchEngine, settle, type BenchEngine } from './scans.js';

/** `spins`' own timeout: its hard abort comes at start + this + grace, long before the scan's deadline. */
const SPIN_TIMEOUT_MS = 100;
const BUDGET_MS = 5_000;

export interface AbortGapOptions {
  runs: number;
  graceMs: number;
  /** Spare worker counts compared (e.g. 1 against 0). */
  spares: readonly number[];
}

export interface AbortGapResult {
  spareThreads: number;
  /** ms from the hard abort of `spins` to the start of `fast`, per run. */
  gapsMs: number[];
  /** Runs in which `fast` did not succeed or no abort was seen (not in gapsMs). */
  missing: number;
}

function oneThreadEngine(spareThreads: number, graceMs: number): BenchEngine {
  return benchEngine(createObservedService({ threads: 1, graceMs, scheduling: { policy: 'fifo', quarantineAfter: 0, spareThreads } }));
}

async function gapOnce(engine: BenchEngine): Promise<number | null> {
  const since = wallNow();
  const request = fixtureScan(['spins', 'fast'], { budgetMs: BUDGET_MS, strategyTimeoutMs: SPIN_TIMEOUT_MS });
  const id = engine.service.registry.create(request);
  const { snapshot } = await engine.service.finished(id);
  // The next run starts with the pool at rest (the replacement worker up), as a steady server would be.
  await settle(engine);
  const view = engine.service.poolTimeline.view(wallNow(), since);
  const abort = view.marks.find((m) => m.type === 'hard_abort' && m.scanId === id && m.strategy === 'spins');
  const next = view.spans.find((s) => s.scanId === id && s.strategy === 'fast');
  const fastOk = snapshot.strategies.find((s) => s.id === 'fast')?.status === 'succeeded';
  return abort && next && fastOk ? next.startedAt - abort.at : null;
}

export async function abortGaps(options: AbortGapOptions): Promise<AbortGapResult[]> {
  const engines = options.spares.map((spare) => ({ spare, engine: oneThreadEngine(spare, options.graceMs) }));
  const results = options.spares.map((spareThreads) => ({ spareThreads, gapsMs: [] as number[], missing: 0 }));
  try {
    // One unmeasured run each: workers started and their JIT warm.
    for (const { engine } of engines) await gapOnce(engine);
    // Alternating run by run, so both see the same machine.
    for (let run = 0; run < options.runs; run++) {
      for (const [i, { engine }] of engines.entries()) {
        const gap = await gapOnce(engine);
        const result = results[i] as AbortGapResult;
        if (gap === null) result.missing += 1;
        else result.gapsMs.push(gap);
      }
    }
    return results;
  } finally {
    await Promise.all(engines.map(({ engine }) => engine.service.close()));
  }
}
