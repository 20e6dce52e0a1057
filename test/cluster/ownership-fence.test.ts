// The ownership fence on its own (src/cluster/ownership-fence.ts), with a hand-driven clock and a store in memory: when a
// scan running here may be served from its local copy, and when the store's final snapshot replaces it.
import { describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { OwnershipFence } from '../../src/cluster/ownership-fence.js';
import type { StoredScan } from '../../src/cluster/scan-records.js';

const LAPSE_MS = 1_000;

const snapshot = (id: string, version: number, done: boolean, finishedAt: string | null = null): ScanSnapshot =>
  ({ id, version, done, state: done ? 'partial' : 'running', finishedAt }) as ScanSnapshot;

function setup() {
  let now = 0;
  const store = new Map<string, ScanSnapshot>();
  const local = new Map<string, ScanSnapshot>();
  const surrendered: Array<[string, ScanSnapshot]> = [];
  const warnings: Array<Record<string, unknown>> = [];
  let reachable = true;
  const fence = new OwnershipFence({
    lapseMs: LAPSE_MS,
    now: () => now,
    stored: async (id) => {
      if (!reachable) throw new Error('Redis unreachable');
      const s = store.get(id);
      return s && ({ snapshot: s, version: s.version, done: s.done, instance: 'me', cancelRequested: false } satisfies StoredScan);
    },
    local: (id) => local.get(id),
    mirrored: async () => undefined,
    surrender: (id, final) => {
      local.delete(id);
      surrendered.push([id, final]);
    },
    warn: (fields) => void warnings.push(fields),
  });
  const run = (id: string, version: number): void => {
    local.set(id, snapshot(id, version, false));
    store.set(id, snapshot(id, version, false));
    fence.claim(id);
  };
  return {
    fence, store, local, surrendered, warnings, run,
    at: (ms: number) => void (now = ms),
    unreachable: () => void (reachable = false),
  };
}

describe('ownership fence', () => {
  it('trusts the local copy while the lease holds; past the lapse, asks the store and surrenders to a final written elsewhere', async () => {
    const t = setup();
    t.fence.beat(0, true);
    t.run('s1', 5);
    t.at(999);
    expect(t.fence.trusts('s1')).toBe(true);

    // Frozen: no beat acknowledged for longer than the lapse, and meanwhile another instance finalised the scan.
    t.store.set('s1', snapshot('s1', 6, true, '2026-12-07T18:00:00.000Z'));
    t.local.set('s1', snapshot('s1', 9, false));
    t.at(4_000);
    expect(t.fence.trusts('s1')).toBe(false);
    expect(await t.fence.check('s1')).toMatchObject({ version: 6, done: true });
    expect(t.surrendered.map(([id, s]) => [id, s.version])).toEqual([['s1', 6]]);
    expect(t.warnings.find((w) => w.scanId === 's1')).toMatchObject({ scanId: 's1', silentMs: 4_000, localVersion: 9, storedVersion: 6 });
  });

  it('a beat that finds its key gone fences the scans claimed before it, not those claimed after', async () => {
    const t = setup();
    t.fence.beat(0, true);
    t.run('before', 3);
    t.at(500);
    t.fence.beat(400, false); // the key had expired: Redis says the lease lapsed, whatever this clock says
    t.run('after', 1);
    expect(t.fence.trusts('before')).toBe(false);
    expect(t.fence.trusts('after')).toBe(true);
  });

  it('keeps the local copy when the store holds no other ending, and when the store cannot be asked', async () => {
    const t = setup();
    t.fence.beat(0, true);
    t.run('s1', 2);
    t.at(5_000);
    expect(t.fence.trusts('s1')).toBe(false);
    expect(await t.fence.check('s1')).toBeUndefined();
    t.unreachable();
    t.store.set('s1', snapshot('s1', 3, true, '2026-12-07T18:00:00.000Z'));
    expect(await t.fence.check('s1')).toBeUndefined();
    expect(t.surrendered).toEqual([]);
    // Still not trusted: every read keeps asking until the store answers.
    expect(t.fence.trusts('s1')).toBe(false);
  });

  it('does not surrender a scan whose stored final is its own', async () => {
    const t = setup();
    t.fence.beat(0, true);
    t.run('s1', 2);
    const own = snapshot('s1', 4, true, '2026-12-07T18:00:00.000Z');
    t.local.set('s1', own);
    t.store.set('s1', own);
    t.at(5_000);
    expect(await t.fence.check('s1')).toBeUndefined();
    expect(t.surrendered).toEqual([]);
    expect(t.fence.trusts('s1')).toBe(true);
  });

  it('a write the store refused triggers the check, even while the lease holds', async () => {
    const t = setup();
    t.fence.beat(0, true);
    t.run('s1', 2);
    t.store.set('s1', snapshot('s1', 3, true, '2026-12-07T18:00:00.000Z'));
    t.fence.refused('s1');
    await t.fence.check('s1');
    expect(t.surrendered.map(([id]) => id)).toEqual(['s1']);
  });
});
