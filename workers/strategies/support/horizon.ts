// Time helpers: candles ⇄ wall-clock spans, and the contract's compact horizon strings ("15m", "4h", "3d").

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const YEAR_MS = 365 * DAY_MS;

/** Whole candles in `ms` (at least 1). */
export function candlesIn(ms: number, intervalMs: number): number {
  return Math.max(1, Math.round(ms / intervalMs));
}

export function formatHorizon(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(1, Math.round(ms / 60_000))}m`;
  if (ms < DAY_MS) return `${Math.round(ms / HOUR_MS)}h`;
  return `${Math.round(ms / DAY_MS)}d`;
}
