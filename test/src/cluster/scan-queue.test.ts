// The shared queue's order (src/cluster/scan-queue.ts): BullMQ runs lower priorities first, so the priority must grow with
// the absolute deadline — earliest deadline first across every instance and every add time.
import { describe, expect, it } from 'vitest';
import { deadlinePriority } from '../../../src/cluster/scan-queue.js';

describe('deadlinePriority', () => {
  it('orders by deadline, whenever the scans were added', () => {
    const now = Date.UTC(2026, 10, 29, 12);
    const tight = deadlinePriority(now + 300); // added later, due sooner
    const loose = deadlinePriority(now - 5_000 + 30_000);
    expect(tight).toBeLessThan(loose);
  });

  it('stays within BullMQ’s 1 … 2^21 − 1 and never gives 0 (which would run before everything)', () => {
    for (const at of [0, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 999, Date.UTC(2026, 10, 29), Date.UTC(2030, 5, 1), Date.UTC(2020, 0, 1)]) {
      const p = deadlinePriority(at);
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(2_097_151);
      expect(Number.isInteger(p)).toBe(true);
    }
  });

  it('keeps arrival order for deadlines within the same second', () => {
    const at = Date.UTC(2026, 10, 29, 12, 0, 0);
    expect(deadlinePriority(at + 100)).toBe(deadlinePriority(at + 900));
  });
});
