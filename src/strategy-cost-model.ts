// Learns how long each strategy takes, so scans can queue their longest strategies first.
// With fewer threads than strategies, a long strategy queued last runs alone at the end while the other threads idle
// (the heavy profile's complex_strategy is half a scan's CPU); longest-processing-time-first ordering avoids that.
// Learned from finished scans rather than hard-coded, so it follows the loaded market (synthetic, heavy or CSV).
import type { ScanSnapshot } from './scan-snapshot.js';

/** Weight of the newest observation in the moving average. */
const ALPHA = 0.3;

export class StrategyCostModel {
  readonly #meanMs = new Map<string, number>();

  /** Folds a finished scan's strategy run times into the averages (only runs that completed say how long they take). */
  observe(snapshot: ScanSnapshot): void {
    for (const s of snapshot.strategies) {
      if (s.status !== 'succeeded' || s.durationMs === null) continue;
      const previous = this.#meanMs.get(s.id);
      this.#meanMs.set(s.id, previous === undefined ? s.durationMs : previous + ALPHA * (s.durationMs - previous));
    }
  }

  /** Expected run time in ms, if the strategy has been seen. */
  expectedMs(id: string): number | undefined {
    return this.#meanMs.get(id);
  }

  /** The ids, longest expected first; never-seen ones lead (they may be long), ties keep the given order. */
  longestFirst(ids: readonly string[]): string[] {
    const cost = (id: string): number => this.#meanMs.get(id) ?? Number.POSITIVE_INFINITY;
    return [...ids].sort((a, b) => (cost(a) === cost(b) ? 0 : cost(b) > cost(a) ? 1 : -1));
  }
}
