// What a finished scan kept for reading weighs on the heap, estimated from its final snapshot (issue 18, §5). Retention
// is bounded by this weight (SCANNER_MAX_RETAINED_BYTES) as well as by count, because scans differ by an order of
// magnitude: the memory suite (bench/suites/memory.ts) measured 16 KiB per retained fixture scan (1.7 KiB of JSON),
// 102–103 KiB per real default-market scan and 147–154 KiB per real heavy-market scan (two quick runs on a loaded 2-core
// machine, 2026-12-07), whose final snapshots are 35 and 65 KiB as JSON. A retained scan holds its snapshot, its actor's
// context (the outcomes behind the snapshot, the request's symbols and portfolio) and its registry entry. The suite
// reports estimated ÷ measured for each kind, so a change that makes scans heavier shows there.

/** Heap bytes per byte of the final snapshot's JSON: above every ratio measured, so the estimate errs on the heavy side. */
export const HEAP_BYTES_PER_JSON_BYTE = 3;
/** What every retained scan holds whatever its results (actor, registry entry, timer), bytes: covers the fixture scans. */
export const BASE_RETAINED_BYTES = 12 * 1024;

/** The estimated heap a finished scan holds while it is retained, bytes. */
export function estimateRetainedBytes(finalSnapshot: unknown): number {
  return BASE_RETAINED_BYTES + HEAP_BYTES_PER_JSON_BYTE * JSON.stringify(finalSnapshot).length;
}
