// The one place market data is allocated: Float64Arrays on SharedArrayBuffers, so the market object handed to each
// worker (Piscina workerData, structured clone) shares memory with the main thread instead of copying it.

/** A zero-filled Float64Array backed by a SharedArrayBuffer. */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** A SharedArrayBuffer-backed copy of `values`. */
export function toShared(values: ArrayLike<number>): Float64Array {
  const out = sharedFloat64(values.length);
  out.set(values);
  return out;
}
