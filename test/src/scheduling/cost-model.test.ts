// The cost model learns from every outcome: finished runs, and runs stopped before they finished (a lower bound).
import { describe, expect, it } from 'vitest';
import { StrategyCostModel } from '../../../src/scheduling/cost-model.js';
import { planScan } from '../../../src/scheduling/scan-plan.js';

const UNIVERSE = 10;
const finished = (ms: number) => ({ kind: 'finished', ms }) as const;
const censored = (ms: number) => ({ kind: 'censored', ms }) as const;

describe('StrategyCostModel', () => {
  it('knows nothing of a strategy never seen, and plans it as a typical one (the median of what it knows)', () => {
    const model = new StrategyCostModel(UNIVERSE);
    expect(model.expectedMs('new')).toBeUndefined();
    model.observe('a', UNIVERSE, finished(10));
    model.observe('b', UNIVERSE, finished(30));
    model.observe('c', UNIVERSE, finished(500));
    expect(model.expectedOrPriorMs('new')).toBe(30);
  });

  it('estimates the median of the last five finished runs, so one JIT-cold outlier is outvoted', () => {
    const model = new StrategyCostModel(UNIVERSE);
    for (const ms of [250, 20, 22, 21]) model.observe('a', UNIVERSE, finished(ms));
    expect(model.expectedMs('a')).toBe(21.5);
    for (const ms of [19, 20]) model.observe('a', UNIVERSE, finished(ms));
    expect(model.expectedMs('a')).toBe(20); // 250 has left the window
  });

  it('raises the estimate of a strategy stopped at its deadline past the time it ran, and marks it censored', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.observe('slow', UNIVERSE, finished(100));
    model.observe('slow', UNIVERSE, censored(270));
    expect(model.estimate('slow')).toMatchObject({ censored: true });
    expect(model.expectedMs('slow')).toBeGreaterThan(270);
    const raised = model.expectedMs('slow') as number;
    model.observe('slow', UNIVERSE, censored(200)); // a lower bound below the estimate says nothing new
    expect(model.expectedMs('slow')).toBe(raised);
    model.observe('slow', UNIVERSE, finished(900)); // a finished run is a measurement again
    expect(model.estimate('slow')).toMatchObject({ censored: false });
  });

  it('learns a never-finishing strategy from timeouts alone, so it stops leading the plan', () => {
    const model = new StrategyCostModel(UNIVERSE);
    for (const id of ['a', 'b', 'c']) model.observe(id, UNIVERSE, finished(40));
    const plan = () =>
      planScan(
        ['huge', 'a', 'b', 'c'].map((strategy) => ({ strategy, expectedMs: model.expectedOrPriorMs(strategy), quarantined: false })),
        1,
        250,
      );
    // Unknown, it is planned as a typical 40 ms strategy.
    expect(plan().fits.has('huge')).toBe(true);
    model.observe('huge', UNIVERSE, censored(230));
    expect(plan().fits.has('huge')).toBe(false);
    expect(plan().order.at(-1)).toBe('huge');
  });

  it('keeps costs per scan size, scaling the full-market cost for a size it has not seen', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.observe('a', UNIVERSE, finished(100));
    expect(model.expectedMs('a', 5)).toBe(50);
    model.observe('a', 5, finished(70));
    expect(model.expectedMs('a', 5)).toBe(70);
    expect(model.expectedMs('a')).toBe(100);
  });
});
