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

describe('StrategyCostModel: where estimates come from, export and import', () => {
  it('names the source of every estimate: measured by scans, calibrated, or guessed when known nowhere', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.observe('a', UNIVERSE, finished(10));
    model.observe('b', UNIVERSE, finished(20), 'calibrated');
    expect(model.sourceOf('a')).toBe('measured');
    expect(model.sourceOf('b')).toBe('calibrated');
    expect(model.sourceOf('c')).toBe('guessed');
    // A scan's run makes a calibrated estimate this process's own measurement.
    model.observe('b', UNIVERSE, finished(22));
    expect(model.sourceOf('b')).toBe('measured');
  });

  it('round-trips its estimates through export and import, marked with where they were imported from', () => {
    const a = new StrategyCostModel(UNIVERSE);
    for (const ms of [10, 12, 11]) a.observe('x', UNIVERSE, finished(ms));
    a.observe('slow', UNIVERSE, censored(400));
    const b = new StrategyCostModel(UNIVERSE);
    expect(b.importEntries(a.exportEntries(), 'saved')).toBe(2);
    expect(b.expectedMs('x')).toBe(11);
    expect(b.estimate('slow')).toMatchObject({ censored: true, source: 'saved' });
    expect(b.sourceOf('x')).toBe('saved');
    // Learning goes on from the imported window.
    b.observe('x', UNIVERSE, finished(30));
    expect(b.expectedMs('x')).toBe(11.5);
    expect(b.sourceOf('x')).toBe('measured');
  });

  it('never lets an import override what this process measured itself, but lets a newer import replace an older one', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.observe('own', UNIVERSE, finished(10));
    const entry = (strategy: string, ms: number) => ({ strategy, symbols: UNIVERSE, ms, samples: 3, censored: false, recent: [ms] });
    expect(model.importEntries([entry('own', 99), entry('other', 50)], 'saved')).toBe(1);
    expect(model.expectedMs('own')).toBe(10);
    expect(model.importEntries([entry('other', 60)], 'cluster')).toBe(1);
    expect(model.estimate('other')).toMatchObject({ ms: 60, source: 'cluster' });
  });

  it('exports only the sources asked for (the cluster gets what this process measured)', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.observe('own', UNIVERSE, finished(10));
    model.importEntries([{ strategy: 'theirs', symbols: UNIVERSE, ms: 5, samples: 1, censored: false, recent: [5] }], 'cluster');
    expect(model.exportEntries(['measured', 'calibrated']).map((e) => e.strategy)).toEqual(['own']);
    expect(model.exportEntries().map((e) => e.strategy).sort()).toEqual(['own', 'theirs']);
  });

  it('plans a strategy known nowhere from the guess, never reports the guess as an expected cost, and tells of changes', () => {
    const model = new StrategyCostModel(UNIVERSE);
    let changes = 0;
    model.onChange(() => changes++);
    model.useGuess((strategy, symbols) => (strategy === 'known_shape' ? symbols * 2 : undefined));
    expect(model.expectedOrPriorMs('known_shape')).toBe(20);
    expect(model.expectedMs('known_shape')).toBeUndefined();
    expect(model.expectedOrPriorMs('no_shape')).toBe(50); // the empty prior
    model.observe('known_shape', UNIVERSE, finished(7));
    model.observe('known_shape', UNIVERSE, censored(1)); // a lower bound below the estimate changes nothing
    expect(model.expectedOrPriorMs('known_shape')).toBe(7);
    expect(changes).toBe(1);
  });

  it('plans a strategy only ever stopped early at its lower bound or its guess, whichever is higher', () => {
    const model = new StrategyCostModel(UNIVERSE);
    model.useGuess((strategy) => (strategy === 'heavy' ? 240 : undefined));
    model.observe('heavy', UNIVERSE, censored(23)); // cut short by its scan's deadline
    expect(model.expectedMs('heavy')).toBeCloseTo(23 * 1.5, 0);
    expect(model.expectedOrPriorMs('heavy')).toBe(240);
    model.observe('heavy', UNIVERSE, censored(400)); // a bound above the guess is what it is
    expect(model.expectedOrPriorMs('heavy')).toBe(model.expectedMs('heavy'));
    model.observe('no_guess', UNIVERSE, censored(30));
    expect(model.expectedOrPriorMs('no_guess')).toBe(model.expectedMs('no_guess'));
  });
});
