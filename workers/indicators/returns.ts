// Log returns r_t = ln(x_t / x_{t−1}); the output has one entry fewer than the input.

export function logReturns(values: ArrayLike<number>): Float64Array {
  const n = Math.max(values.length - 1, 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.log((values[i + 1] as number) / (values[i] as number));
  return out;
}

/** Log returns over non-overlapping blocks of `step` entries (step = 1 gives logReturns). */
export function blockLogReturns(values: ArrayLike<number>, step: number): Float64Array {
  const n = Math.max(Math.floor((values.length - 1) / step), 0);
  const out = new Float64Array(n);
  const offset = values.length - 1 - n * step; // align the blocks to end at the last value
  for (let i = 0; i < n; i++) {
    out[i] = Math.log((values[offset + (i + 1) * step] as number) / (values[offset + i * step] as number));
  }
  return out;
}
