// Long-poll: wait until a scan's version differs from the one the client has, bounded by `waitMs`, the client going
// away, or shutdown. Every exit path unsubscribes and clears its timer.
import type { ScanRegistry } from '../scan-registry.js';
import type { ScanSnapshot } from '../scan-snapshot.js';

export interface WaitOptions {
  id: string;
  /** The version the client already has. */
  sinceVersion: number;
  waitMs: number;
  /** Any of these aborting ends the wait early (client disconnect, shutdown). */
  signals: AbortSignal[];
}

/** Resolves with the first snapshot whose version differs from `sinceVersion`, or undefined when the wait ends first. */
export function waitForChange(registry: Pick<ScanRegistry, 'snapshot' | 'subscribe'>, options: WaitOptions): Promise<ScanSnapshot | undefined> {
  const current = registry.snapshot(options.id);
  if (!current || current.version !== options.sinceVersion || current.done || options.waitMs === 0) {
    return Promise.resolve(current && current.version !== options.sinceVersion ? current : undefined);
  }
  if (options.signals.some((s) => s.aborted)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const cleanups: (() => void)[] = [];
    const finish = (snapshot: ScanSnapshot | undefined): void => {
      for (const cleanup of cleanups) cleanup();
      resolve(snapshot);
    };
    const timer = setTimeout(() => finish(undefined), options.waitMs);
    cleanups.push(() => clearTimeout(timer));
    cleanups.push(
      registry.subscribe(options.id, (snapshot) => {
        if (snapshot.version !== options.sinceVersion) finish(snapshot);
      }),
    );
    for (const signal of options.signals) {
      const onAbort = (): void => finish(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
}
