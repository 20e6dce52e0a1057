// Copies of the cost model are written only when it changed, and changes are written together, at most once per interval.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CostSaver } from '../../../src/scheduling/cost-saver.js';
import { StrategyCostModel } from '../../../src/scheduling/cost-model.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const model = new StrategyCostModel(10);
  const written: number[] = [];
  const saver = new CostSaver(model, async (m) => void written.push(m.exportEntries().length), { intervalMs: 1_000, onError: (err) => { throw err; } });
  return { model, written, saver };
}

describe('CostSaver', () => {
  it('writes nothing while nothing changes', async () => {
    const { written, saver } = setup();
    await vi.advanceTimersByTimeAsync(10_000);
    await saver.flush();
    expect(written).toEqual([]);
  });

  it('writes many changes within one interval once, with all of them', async () => {
    const { model, written } = setup();
    for (let i = 0; i < 20; i++) model.observe(`s${i % 4}`, 10, { kind: 'finished', ms: 10 + i });
    await vi.advanceTimersByTimeAsync(999);
    expect(written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toEqual([4]);
    model.observe('s9', 10, { kind: 'finished', ms: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(written).toEqual([4, 5]);
  });

  it('writes what is pending at once on flush and close, and stops watching after close', async () => {
    const { model, written, saver } = setup();
    model.observe('a', 10, { kind: 'finished', ms: 1 });
    await saver.close();
    expect(written).toEqual([1]);
    model.observe('b', 10, { kind: 'finished', ms: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toEqual([1]);
  });

  it('reports a failed write and tries again with the next change', async () => {
    const model = new StrategyCostModel(10);
    const errors: unknown[] = [];
    let fail = true;
    const writes: number[] = [];
    const saver = new CostSaver(model, async (m) => {
      if (fail) throw new Error('disk full');
      writes.push(m.exportEntries().length);
    }, { intervalMs: 100, onError: (err) => errors.push(err) });
    model.observe('a', 10, { kind: 'finished', ms: 1 });
    await saver.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    model.observe('b', 10, { kind: 'finished', ms: 1 });
    await saver.flush();
    expect(writes).toEqual([2]);
  });
});
