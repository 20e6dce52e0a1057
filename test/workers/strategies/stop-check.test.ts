// Cooperative stop on the heavy profile: once the stop flag is raised, every strategy returns within 20 ms with
// whatever it had found so far, in the contract's shape. A run that was still working when the flag went up sees it
// (so the worker marks the result truncated) unless it was already past its last check, finishing anyway.
// The flag is raised at several points of each run so that every phase of a strategy gets a chance to be interrupted.
// Time is measured from the moment the flag is raised to the moment run() returns; a run is retried once to absorb a
// garbage-collection pause.
import { describe, expect, it } from 'vitest';
import { defaultPortfolio } from '../../../src/market/default-portfolio.js';
import { generateSyntheticMarket } from '../../../src/market/synthetic-market.js';
import type { StrategyDefinition } from '../../../workers/strategy-types.js';
import { strategyCatalogue } from '../../../workers/strategy-catalogue.js';
import { expectContractShape } from './contract-shape.js';

const STOP_BOUND_MS = 20;
const RAISE_AFTER_MS = [2, 40, 250];

const { market } = generateSyntheticMarket('heavy', 1);
const params = { symbols: market.symbols, portfolio: defaultPortfolio(market) };

interface StoppedRun {
  /** ms from the flag being raised to run() returning; null if the run finished before the flag was raised. */
  latencyMs: number | null;
  sawStop: boolean;
}

function runStoppedAfter(strategy: StrategyDefinition, raiseAfterMs: number): StoppedRun {
  const start = performance.now();
  const raiseAt = start + raiseAfterMs;
  let sawStop = false;
  const found = strategy.run(market, params, () => {
    if (performance.now() >= raiseAt) sawStop = true;
    return sawStop;
  });
  const end = performance.now();
  for (const o of found) expectContractShape(o, strategy.id);
  return { latencyMs: end >= raiseAt ? end - raiseAt : null, sawStop };
}

describe('stop-check on the heavy profile', () => {
  it.each(strategyCatalogue.map((s) => [s.id, s] as const))('%s stops within 20 ms of the flag', (_, strategy) => {
    for (const raiseAfterMs of RAISE_AFTER_MS) {
      let run = runStoppedAfter(strategy, raiseAfterMs);
      if (run.latencyMs !== null && run.latencyMs > STOP_BOUND_MS) run = runStoppedAfter(strategy, raiseAfterMs);
      if (run.latencyMs === null) {
        expect(raiseAfterMs, 'even the earliest flag came after the run ended').toBeGreaterThan(RAISE_AFTER_MS[0] as number);
        continue;
      }
      if (raiseAfterMs === RAISE_AFTER_MS[0]) expect(run.sawStop, 'a run this young must still be checking').toBe(true);
      expect(run.latencyMs, `flag raised after ${raiseAfterMs} ms`).toBeLessThanOrEqual(STOP_BOUND_MS);
    }
  });
});
