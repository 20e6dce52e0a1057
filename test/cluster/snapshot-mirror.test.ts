// The snapshot mirror (src/cluster/snapshot-mirror.ts) on a simulated clock, with a store that records what it is sent:
// a scan's first and final versions are written at once; the versions between are coalesced, the newest held version
// written at most once per COALESCE_MS while the scan is watched elsewhere and once per QUIET_MS while it is not; each
// write after the first carries only what changed since the one before; versions written only ever increase.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialContext } from '../../machines/scan-machine.js';
import type { RecordParts } from '../../src/cluster/scan-record-fields.js';
import type { ScanRecords, WriteResult } from '../../src/cluster/scan-records.js';
import { COALESCE_MS, QUIET_MS, SnapshotMirror } from '../../src/cluster/snapshot-mirror.js';
import { recordParts } from '../../src/cluster/scan-record-fields.js';
import { toScanSnapshot, type ScanSnapshot } from '../../src/core/scan-snapshot.js';

const CREATED_AT = Date.UTC(2026, 11, 7, 12);

function version(v: number, done = false): ScanSnapshot {
  const input = { scanId: 'scan-m', strategies: ['alpha'], budgetMs: 10_000, strategyTimeoutMs: 5_000, createdAt: CREATED_AT, params: { symbols: ['AAA'], portfolio: {} } };
  return toScanSnapshot({ id: 'scan-m', userId: 'u', instance: 'i', state: done ? 'complete' : 'running', context: { ...initialContext(input), version: v }, finishedAt: done ? CREATED_AT + 900 : null }, CREATED_AT + v);
}

/** A store that accepts every write and records its version, its base version and when it came. */
function recordingStore() {
  const writes: Array<{ version: number; base: number | null; at: number }> = [];
  const store = {
    async writeSince(snapshot: ScanSnapshot, _ttl: number, base?: RecordParts, parts = recordParts(snapshot)): Promise<WriteResult> {
      writes.push({ version: snapshot.version, base: base?.version ?? null, at: Date.now() });
      return { written: true, storedFinal: false, parts };
    },
  };
  return { writes, records: store as unknown as ScanRecords };
}

function mirrorOn(records: ScanRecords, watched: () => boolean) {
  let onWatched: (scanId: string) => void = () => undefined;
  const finals: number[] = [];
  const mirror = new SnapshotMirror(records, {
    resultTtlMs: 60_000, lapseMs: 2_000, latest: () => undefined, held: () => [], onError: (err) => { throw err; },
    onFinalStored: (s) => finals.push(s.version),
    watchers: { watched, check: async () => watched(), onWatched: (listener) => (onWatched = listener) },
  });
  return { mirror, finals, becomeWatched: (id: string) => onWatched(id) };
}

describe('snapshot mirror', () => {
  beforeEach(() => void vi.useFakeTimers({ now: CREATED_AT }));
  afterEach(() => void vi.useRealTimers());

  /** Pushes versions from..to, one every `everyMs` of simulated time. */
  async function pushEvery(mirror: SnapshotMirror, from: number, to: number, everyMs: number): Promise<void> {
    for (let v = from; v <= to; v++) {
      mirror.push(version(v));
      await vi.advanceTimersByTimeAsync(everyMs);
    }
  }

  it('writes a watched scan\'s first version at once, then the newest at most every COALESCE_MS, then the final at once', async () => {
    const { writes, records } = recordingStore();
    const { mirror, finals } = mirrorOn(records, () => true);
    await pushEvery(mirror, 2, 41, 5); // 40 versions over 200 ms
    mirror.push(version(42, true));
    await mirror.idle();
    const versions = writes.map((w) => w.version);
    expect(versions[0]).toBe(2);
    expect(versions.at(-1)).toBe(42);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(writes.length).toBeLessThanOrEqual(2 + Math.ceil(200 / COALESCE_MS));
    for (let i = 2; i < writes.length - 1; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(COALESCE_MS);
    expect(finals).toEqual([42]);
  });

  it('sends each write but the first on top of the one before it', async () => {
    const { writes, records } = recordingStore();
    const { mirror } = mirrorOn(records, () => true);
    await pushEvery(mirror, 2, 12, 20);
    mirror.push(version(13, true));
    await mirror.idle();
    expect(writes[0]!.base).toBeNull();
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.base).toBe(writes[i - 1]!.version);
  });

  it('writes an unwatched scan\'s progress once per QUIET_MS, and at the watched pace as soon as someone watches', async () => {
    const { writes, records } = recordingStore();
    let watched = false;
    const { mirror, becomeWatched } = mirrorOn(records, () => watched);
    await pushEvery(mirror, 2, 201, 10); // 2 s of versions
    expect(writes.map((w) => w.version)).toEqual([2, 101, 201].slice(0, writes.length));
    expect(writes.length).toBeLessThanOrEqual(1 + Math.ceil(2_000 / QUIET_MS));
    const before = writes.length;
    mirror.push(version(202));
    watched = true;
    becomeWatched('scan-m');
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect(writes.length).toBe(before + 1); // the held version went out without waiting for the quiet pace
    expect(writes.at(-1)?.version).toBe(202);
  });
});
