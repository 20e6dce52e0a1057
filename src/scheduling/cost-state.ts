// What learned costs are valid for, and the one JSON shape they are saved and shared in. Costs measured on one market,
// with one pool size, by one version of the strategy code say little about another: a pool of 4 threads runs each
// strategy slower than a pool of 2 (contention), a larger market costs more, and changed code costs what it costs now.
// So saved and shared costs carry this key, and a reader uses them only when the key is its own.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CostEntry } from './cost-model.js';

export interface CostStateKey {
  /** Fingerprint of the market (src/scheduling/market-fingerprint.ts). */
  market: string;
  /** Pool threads the costs were measured with. */
  threads: number;
  /** Hash of the strategy code (src/scheduling/strategy-code-hash.ts). */
  code: string;
}

/** Bumped when the saved shape changes; a file of another format is ignored like one of another key. */
export const COST_STATE_FORMAT = 1;

const finiteMs = z.number().finite().min(0);

export const CostEntrySchema = z.object({
  strategy: z.string().min(1).max(200),
  symbols: z.number().int().min(1).max(1_000_000),
  ms: finiteMs,
  samples: z.number().int().min(1),
  censored: z.boolean(),
  recent: z.array(finiteMs).max(100),
}) satisfies z.ZodType<CostEntry>;

export const CostStateSchema = z.object({
  format: z.number().int(),
  key: z.object({ market: z.string(), threads: z.number().int(), code: z.string() }),
  savedAt: z.string(),
  entries: z.array(CostEntrySchema).max(10_000),
});

export type CostState = z.infer<typeof CostStateSchema>;

/** A short stable id of a key: the Redis key suffix, and what logs name. */
export function costStateId(key: CostStateKey): string {
  return createHash('sha256').update(`${key.market}|${key.threads}|${key.code}`).digest('hex').slice(0, 16);
}

export function sameKey(a: CostStateKey, b: CostStateKey): boolean {
  return a.market === b.market && a.threads === b.threads && a.code === b.code;
}

/** How a stored key differs from ours, for the log line that says why it was ignored. */
export function keyDifference(stored: CostStateKey, ours: CostStateKey): string[] {
  const diff: string[] = [];
  if (stored.market !== ours.market) diff.push('market');
  if (stored.threads !== ours.threads) diff.push('threads');
  if (stored.code !== ours.code) diff.push('strategy code');
  return diff;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Merges several instances' entries into one per strategy and size: finished runs are pooled (the estimate is the median
 * of every instance's recent runs, so one slow instance is outvoted); where no instance saw a run finish, the highest
 * lower bound stands.
 */
export function mergeEntries(sets: ReadonlyArray<readonly CostEntry[]>): CostEntry[] {
  const groups = new Map<string, CostEntry[]>();
  for (const entries of sets) {
    for (const entry of entries) {
      const key = `${entry.strategy}\u0000${entry.symbols}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as CostEntry;
    const samples = group.reduce((n, e) => n + e.samples, 0);
    const finished = group.filter((e) => !e.censored);
    if (finished.length === 0) return { ...first, samples, ms: Math.max(...group.map((e) => e.ms)), recent: [] };
    const recent = finished.flatMap((e) => e.recent);
    const ms = recent.length > 0 ? median(recent) : median(finished.map((e) => e.ms));
    // The window a reader keeps: the newest runs per instance would need clocks; the ones nearest the median will do.
    const kept = [...recent].sort((a, b) => Math.abs(a - ms) - Math.abs(b - ms)).slice(0, 5);
    return { strategy: first.strategy, symbols: first.symbols, ms, samples, censored: false, recent: kept.sort((a, b) => a - b) };
  });
}
