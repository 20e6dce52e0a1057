// A full garbage collection on demand, without requiring `node --expose-gc` on the command line (npm run bench runs plain
// `node`): the flag can still be set at run time, and a fresh context then exposes `gc`.
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

export function forceGc(): void {
  if (!collect) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) collect = existing;
    else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
  }
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  collect();
  collect();
}

/** Heap in use after a full collection, bytes. */
export function settledHeapUsed(): number {
  forceGc();
  return process.memoryUsage().heapUsed;
}
