// Costs are valid for one market, pool size and strategy code; several instances' estimates merge into one.
import { describe, expect, it } from 'vitest';
import { costStateId, keyDifference, mergeEntries } from '../../../src/scheduling/cost-state.js';

const key = { market: '24x8640-abc', threads: 2, code: 'c0de' };
const entry = (strategy: string, recent: number[], censored = false, ms = recent[0] ?? 0) => ({ strategy, symbols: 24, ms, samples: Math.max(1, recent.length), censored, recent });

describe('cost keys', () => {
  it('gives each market, pool size and code version its own id, and says which part differs', () => {
    expect(costStateId(key)).toBe(costStateId({ ...key }));
    expect(new Set([key, { ...key, threads: 4 }, { ...key, market: 'x' }, { ...key, code: 'y' }].map(costStateId)).size).toBe(4);
    expect(keyDifference({ ...key, threads: 4, code: 'y' }, key)).toEqual(['threads', 'strategy code']);
    expect(keyDifference(key, key)).toEqual([]);
  });
});

describe('mergeEntries', () => {
  it('pools finished runs of every instance and takes their median, so one slow instance is outvoted', () => {
    const [merged] = mergeEntries([[entry('a', [10, 11, 12])], [entry('a', [11, 13])], [entry('a', [90])]]);
    expect(merged).toMatchObject({ strategy: 'a', symbols: 24, ms: 11.5, censored: false, samples: 6 });
    expect(merged?.recent.length).toBeLessThanOrEqual(5);
  });

  it('keeps the highest lower bound where no instance saw a run finish, and a finished run wins over bounds', () => {
    expect(mergeEntries([[entry('b', [], true, 300)], [entry('b', [], true, 450)]])[0]).toMatchObject({ ms: 450, censored: true });
    expect(mergeEntries([[entry('c', [], true, 900)], [entry('c', [40])]])[0]).toMatchObject({ ms: 40, censored: false });
  });

  it('keeps strategies and sizes apart', () => {
    const merged = mergeEntries([[entry('a', [1]), { ...entry('a', [5]), symbols: 3 }], [entry('b', [2])]]);
    expect(merged.map((e) => `${e.strategy}/${e.symbols}`).sort()).toEqual(['a/24', 'a/3', 'b/24']);
  });
});
