// A scan's plan: longest first when everything fits, the most strategies that can finish when not.
import { describe, expect, it } from 'vitest';
import { listScheduleMakespan, maxFinishable, packsWithin } from '../../../src/scheduling/list-schedule.js';
import { FIT_SAFETY, planScan, type PlanItem } from '../../../src/scheduling/scan-plan.js';

const items = (costs: Record<string, number>, quarantined: string[] = []): PlanItem[] =>
  Object.entries(costs).map(([strategy, expectedMs]) => ({ strategy, expectedMs, quarantined: quarantined.includes(strategy) }));

describe('planScan', () => {
  it('runs longest first when everything fits (the shortest makespan)', () => {
    const plan = planScan(items({ a: 10, b: 80, c: 40, d: 70 }), 2, 1_000);
    expect(plan.policy).toBe('longest_first');
    expect(plan.order).toEqual(['b', 'd', 'c', 'a']);
    expect([...plan.fits].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(plan.makespanMs).toBeCloseTo(110 * FIT_SAFETY);
  });

  it('picks the most strategies that can finish where longest-first would finish none', () => {
    const costs = { big1: 150, big2: 150, s1: 40, s2: 40, s3: 40, s4: 40 };
    // Longest first on 2 threads with 100 ms: both threads start a 150 ms strategy and nothing finishes.
    expect(listScheduleMakespan([150, 150], 2)).toBeGreaterThan(100);
    const plan = planScan(items(costs), 2, 100);
    expect(plan.policy).toBe('most_finished');
    expect([...plan.fits].sort()).toEqual(['s1', 's2', 's3', 's4']);
    expect(plan.order.slice(0, 4).sort()).toEqual(['s1', 's2', 's3', 's4']);
    expect(plan.order.slice(4)).toEqual(['big1', 'big2']);
  });

  it('runs the chosen ones cheapest first, then the left-out ones cheapest first', () => {
    const plan = planScan(items({ x: 300, a: 30, b: 10, y: 200, c: 20 }), 1, 100);
    expect(plan.order).toEqual(['b', 'c', 'a', 'y', 'x']);
  });

  it('starts a chosen strategy longer than half the window first, keeping one thread for the small ones', () => {
    const plan = planScan(items({ s1: 10, s2: 20, big: 130, s3: 30, huge: 900 }), 2, 200);
    expect(plan.policy).toBe('most_finished');
    expect(plan.order).toEqual(['big', 's1', 's2', 's3', 'huge']);
  });

  it('puts quarantined strategies after every other, even when everything fits', () => {
    const plan = planScan(items({ runaway: 5, a: 50, b: 20 }, ['runaway']), 2, 1_000);
    expect(plan.order).toEqual(['a', 'b', 'runaway']);
    expect(plan.fits.has('runaway')).toBe(false);
  });

  it('counts threads that are still busy', () => {
    expect(planScan(items({ a: 50, b: 50 }), 2, 100).fits.size).toBe(2);
    expect(planScan(items({ a: 50, b: 50 }), 2, 100, { ready: [80] }).fits.size).toBe(1);
  });

  it('keeps a forced fixed order and predicts nothing is left out', () => {
    const costs = items({ a: 30, b: 10, c: 20 });
    expect(planScan(costs, 1, 5, { policy: 'fifo' }).order).toEqual(['a', 'b', 'c']);
    expect(planScan(costs, 1, 5, { policy: 'shortest_first' }).order).toEqual(['b', 'c', 'a']);
    expect(planScan(costs, 1, 5, { policy: 'longest_first' }).order).toEqual(['a', 'c', 'b']);
    expect(planScan(costs, 1, 5, { policy: 'fifo' }).fits.size).toBe(3);
  });
});

describe('the offline optimum', () => {
  it('packs exactly where a greedy schedule would not', () => {
    // 5,4,3,3,3 over 2 threads of 9: 5+4 | 3+3+3, which longest-first (5+3+3 | 4+3) misses.
    expect(packsWithin([5, 4, 3, 3, 3], 2, 9)).toBe(true);
    expect(listScheduleMakespan([5, 4, 3, 3, 3], 2)).toBeGreaterThan(9);
    expect(packsWithin([5, 5, 5], 2, 9)).toBe(false);
  });

  it('counts the most tasks that can all finish in the window', () => {
    expect(maxFinishable([700, 220, 171, 38, 35, 29, 23, 22, 9, 7, 5, 3, 3, 2], 2, 100)).toBe(11); // 38+35+22+5 | 29+23+9+7+3+3+2
    expect(maxFinishable([700, 220, 171, 38, 35, 29, 23, 22, 9, 7, 5, 3, 3, 2], 2, 300)).toBe(13);
    expect(maxFinishable([10, 10], 1, 5)).toBe(0);
  });
});
