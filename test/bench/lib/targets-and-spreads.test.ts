// How a result states its targets and noise (bench/lib/report.ts) and how two results are judged (bench/compare/judge.ts):
// nothing measured is "no data" and never met; a spread is the per-round range; a change counts only beyond both spreads.
import { describe, expect, it } from 'vitest';
import { judge, movedWorse } from '../../../bench/compare/judge.js';
import { figure, noDataTarget, perRoundFigure, spreadOf, target, targetOutcome, type WrittenReport } from '../../../bench/lib/report.js';
import { cellNumber, figureCharts } from '../../../bench/report/chart-spec.js';
import { fixtureReports } from '../support/fixture-results.js';

describe('target', () => {
  it('is met or missed against its threshold', () => {
    expect(targetOutcome(target('x ≤ 2', 1.5, '<=', 2))).toBe('met');
    expect(targetOutcome(target('x ≤ 2', 2.5, '<=', 2))).toBe('missed');
    expect(targetOutcome(target('x ≥ 0.9', 0.95, '>=', 0.9))).toBe('met');
  });

  it('is "no data", not met, when nothing was measured: NaN, Math.min of nothing, or a JSON null', () => {
    for (const value of [Number.NaN, Math.min(), -Math.max()]) {
      const t = target('worst ≥ 1', value, '>=', 1);
      expect(t).toMatchObject({ met: false, noData: true });
      expect(targetOutcome(t)).toBe('no data');
    }
    expect(targetOutcome(noDataTarget('none split', '<=', 0.05))).toBe('no data');
    expect(targetOutcome({ met: false, value: null as unknown as number })).toBe('no data');
  });

  it('carries the spread of its value when the suite measured rounds', () => {
    expect(target('a/b ≤ 2', 1.1, '<=', 2, spreadOf([1.0, 1.1, 1.3]))).toMatchObject({ spread: { low: 1.0, high: 1.3, rounds: 3 } });
  });
});

describe('spreads', () => {
  it('is the per-round range, and none from a single round', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ low: 1, high: 3, rounds: 3 });
    expect(spreadOf([5])).toBeUndefined();
    expect(spreadOf([])).toBeUndefined();
    expect(perRoundFigure('r', '×', [1, 2]).spread).toEqual({ low: 1, high: 2, rounds: 2 });
    expect(perRoundFigure('r', '×', [1]).spread).toBeUndefined();
  });
});

describe('judge', () => {
  const side = (value: number, low?: number, high?: number) => ({ value, spread: low === undefined ? undefined : { low, high: high as number, rounds: 3 } });

  it('calls a change beyond spread only when the two ranges do not overlap', () => {
    expect(judge(side(1.1, 1.0, 1.2), side(1.6, 1.5, 1.7))).toEqual({ ratio: expect.closeTo(1.6 / 1.1, 9), verdict: 'beyond spread' });
    expect(judge(side(1.1, 1.0, 1.2), side(1.15, 1.1, 1.25)).verdict).toBe('within spread');
    // One side's spread is enough: B's single value inside A's range is noise.
    expect(judge(side(1.1, 1.0, 1.2), side(1.19)).verdict).toBe('within spread');
    expect(judge(side(1.1, 1.0, 1.2), side(1.3)).verdict).toBe('beyond spread');
  });

  it('claims nothing without any spread, and nothing without data', () => {
    expect(judge(side(1), side(100)).verdict).toBe('no spread');
    expect(judge(side(1, 0.9, 1.1), { value: null }).verdict).toBe('no data');
  });

  it('knows which way is worse from the comparator', () => {
    expect(movedWorse('<=', 1, 2)).toBe(true);
    expect(movedWorse('>=', 1, 2)).toBe(false);
    expect(movedWorse('>=', 2, 1)).toBe(true);
  });
});

describe('cellNumber', () => {
  it('reads the numbers the tables print, and nothing else', () => {
    expect(cellNumber('6,935')).toBe(6935);
    expect(cellNumber('97.7 %')).toBe(97.7);
    expect(cellNumber('-29.0')).toBe(-29);
    expect(cellNumber('–')).toBeNull();
    expect(cellNumber('most_finished')).toBeNull();
    expect(cellNumber('2.41 / 5.44')).toBeNull();
  });
});

describe('figure charts', () => {
  const report = (figures: ReturnType<typeof figure>[]): WrittenReport => ({ ...(fixtureReports({ aOverB: [1, 1.1], budgets: true })[0] as WrittenReport), figures });

  it('uses a log axis for values spanning orders of magnitude, never when one is zero or negative', () => {
    expect(figureCharts(report([figure('a', 'ms', [1]), figure('b', 'ms', [500])]))[0]?.logScale).toBe(true);
    expect(figureCharts(report([figure('a', 'ms', [-20]), figure('b', 'ms', [500])]))[0]?.logScale).toBe(false);
  });

  it('leaves out a figure with nothing measured rather than drawing it as zero', () => {
    const charts = figureCharts(report([figure('a', 'ms', [2, 3]), figure('empty', 'ms', [])]));
    expect(charts).toHaveLength(1);
    expect(charts[0]?.labels).toEqual(['a']);
  });
});
