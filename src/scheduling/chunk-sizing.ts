// How many chunks a chunked strategy is split into (workers/strategy-types.ts, ChunkedWork). Two forces:
// - enough chunks to keep every thread busy, and small enough that a chunk never dominates a scan's critical path;
// - few enough that the gap between tasks on a thread (0.5–0.735 ms here: bench/suites/scaling.ts) stays under 2 % of
//   the strategy's CPU.
// Pure arithmetic over the cost model's estimate; the strategy's `plan` may return fewer (it has fewer units of work).

/** Chunks per thread: several, so chunks of uneven cost still balance across threads. */
export const CHUNKS_PER_THREAD = 4;
/** No chunk is planned longer than this, so the longest task of a heavy scan stays short next to the scan's total. */
export const MAX_CHUNK_MS = 100;
/**
 * No chunk is planned shorter than this: the dispatch gap between tasks, measured at up to 0.735 ms by the scaling bench,
 * is then under 2 % of the chunk (0.735 ÷ 0.02 = 36.75 ms; test/src/scheduling/chunk-sizing.test.ts checks it).
 */
export const MIN_CHUNK_MS = 40;

/** The number of chunks to ask a strategy for, given its expected single-thread ms and the pool's threads. */
export function chunkParts(expectedMs: number, threads: number): number {
  if (!(expectedMs > 0)) return 1;
  const wanted = Math.max(Math.max(1, threads) * CHUNKS_PER_THREAD, Math.ceil(expectedMs / MAX_CHUNK_MS));
  const affordable = Math.floor(expectedMs / MIN_CHUNK_MS);
  return Math.max(1, Math.min(wanted, affordable));
}
