// How many chunks a chunked strategy is asked for (src/scheduling/chunk-sizing.ts): enough to keep every thread busy,
// never so many that per-task dispatch overhead passes 2 % of the strategy's CPU.
import { describe, expect, it } from 'vitest';
import { CHUNKS_PER_THREAD, MAX_CHUNK_MS, MIN_CHUNK_MS, chunkParts } from '../../../src/scheduling/chunk-sizing.js';

/** Dispatch overhead per pool task measured by the dispatch bench, with margin. */
const OVERHEAD_MS = 0.5;

describe('chunkParts', () => {
  it('gives every thread several chunks when the strategy is long enough', () => {
    expect(chunkParts(2_000, 2)).toBe(Math.max(2 * CHUNKS_PER_THREAD, 2_000 / MAX_CHUNK_MS));
    expect(chunkParts(2_000, 16)).toBe(16 * CHUNKS_PER_THREAD);
  });

  it('keeps chunks under MAX_CHUNK_MS on few threads, so no chunk dominates the critical path', () => {
    expect(6_000 / chunkParts(6_000, 2)).toBeLessThanOrEqual(MAX_CHUNK_MS);
  });

  it('never plans a chunk shorter than MIN_CHUNK_MS: overhead stays under 2 % of the CPU', () => {
    for (const [ms, threads] of [[100, 32], [400, 16], [60, 2], [10_000, 64]] as const) {
      const parts = chunkParts(ms, threads);
      expect(ms / parts).toBeGreaterThanOrEqual(MIN_CHUNK_MS);
      expect((parts * OVERHEAD_MS) / ms).toBeLessThanOrEqual(0.02);
    }
  });

  it('runs a cheap or unknown strategy whole', () => {
    expect(chunkParts(40, 8)).toBe(1);
    expect(chunkParts(0, 8)).toBe(1);
    expect(chunkParts(Number.NaN, 8)).toBe(1);
  });
});
