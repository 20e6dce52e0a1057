// How a chunked strategy's `plan` splits N units of work (symbols, blocks of Monte Carlo paths, bootstrap resamples,
// pairs) into min(parts, N) chunks whose unit counts differ by at most one. Only counts, so plan stays cheap.
// Descriptors are plain data: they cross threads by structured clone.

/** Units `from` … `to − 1`: for units of about equal cost. */
export interface UnitRange {
  from: number;
  to: number;
}

/** Units `first`, `first + stride`, `first + 2·stride`, … below the unit count: for units whose cost varies along the order. */
export interface UnitStride {
  first: number;
  stride: number;
}

/** Balanced contiguous ranges covering units 0 … units − 1 in order; none when there is no work. */
export function planRanges(units: number, parts: number): UnitRange[] {
  const count = chunkCount(units, parts);
  return Array.from({ length: count }, (_, k) => ({ from: Math.floor((k * units) / count), to: Math.floor(((k + 1) * units) / count) }));
}

/**
 * Interleaved chunks: chunk k takes every count-th unit from k. When the costly units cluster (pairs trading: a
 * symbol's row of pairs passes the correlation screen often or rarely), each chunk still gets a fair sample of them.
 */
export function planStrides(units: number, parts: number): UnitStride[] {
  const count = chunkCount(units, parts);
  return Array.from({ length: count }, (_, k) => ({ first: k, stride: count }));
}

/** min(parts, units), at least one chunk when there is work (a caller asking for 0 or NaN parts still gets the work done). */
function chunkCount(units: number, parts: number): number {
  if (units <= 0) return 0;
  return Math.min(units, Math.max(1, Math.floor(parts) || 1));
}
