// Deadlines of one strategy task, and the shared-memory handshake between the main thread and a worker.
import { describe, expect, it } from 'vitest';
import { TaskControl, strategyDeadline } from '../../workers/task-control.js';

/** Small deterministic PRNG so the property check is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('strategyDeadline', () => {
  it('is never later than the scan deadline, whatever the budget, timeout, grace and start time', () => {
    const random = mulberry32(42);
    for (let i = 0; i < 10_000; i++) {
      const createdAt = 1_700_000_000_000 + random() * 1e9;
      const budgetMs = 100 + Math.floor(random() * 59_900);
      const timeoutMs = 50 + Math.floor(random() * 59_950);
      const graceMs = Math.floor(random() * 100);
      const scanDeadline = createdAt + budgetMs;
      const startedAt = createdAt + random() * budgetMs * 1.2; // may even start after the deadline
      const deadline = strategyDeadline(startedAt, timeoutMs, scanDeadline - graceMs);
      expect(deadline).toBeLessThanOrEqual(scanDeadline - graceMs);
      // and the hard abort (deadline + grace) lands by the scan deadline too
      expect(deadline + graceMs).toBeLessThanOrEqual(scanDeadline);
      expect(deadline).toBeLessThanOrEqual(startedAt + timeoutMs);
    }
  });

  it('is the strategy timeout from its real start when the scan has time to spare', () => {
    expect(strategyDeadline(1_000, 300, 10_000)).toBe(1_300);
  });
});

describe('TaskControl', () => {
  it('shares the stop flag and start handshake through one SharedArrayBuffer', async () => {
    const main = new TaskControl();
    const worker = new TaskControl(main.buffer);
    const started = main.whenStarted();
    expect(main.started).toBe(false);
    worker.markStarted(123, 456);
    await started;
    expect([main.started, main.startedAt, main.deadlineAt]).toEqual([true, 123, 456]);
    main.requestStop();
    expect(worker.stopRequested).toBe(true);
  });

  it('tells the main thread which worker thread took the task, and when the task has returned', () => {
    const main = new TaskControl();
    const worker = new TaskControl(main.buffer);
    worker.markStarted(1, 2, 7);
    expect([main.threadId, main.returned]).toEqual([7, false]);
    worker.markReturned();
    expect(main.returned).toBe(true);
  });

  it('release() wakes a waiter for a task that never starts', async () => {
    const control = new TaskControl();
    const started = control.whenStarted();
    control.release();
    await expect(started).resolves.toBeUndefined();
    expect(control.started).toBe(false);
  });
});
