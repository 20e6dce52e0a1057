// The opportunity record every strategy yields (shape fixed by the HTTP contract) and the one score that ranks them.

export type Side = 'long' | 'short' | 'neutral';

export interface Opportunity {
  strategy: string;
  symbols: string[];
  side: Side;
  /** 0 (no conviction) … 10 (strongest signal the strategy can express). */
  confidence: number;
  /** Expected return of the trade in percent of notional, over `horizon`. */
  expectedReturnPct: number;
  /** Loss at the stop (or the strategy's risk estimate) in percent of notional; > 0. */
  riskPct: number;
  /** Holding horizon, e.g. "15m", "4h", "3d". */
  horizon: string;
  entry: number | null;
  stop: number | null;
  target: number | null;
  rationale: string;
}

/**
 * Ranking score: conviction times reward-to-risk, with reward-to-risk capped at 5 so that a tiny risk estimate cannot
 * dominate the list. Higher is better; a non-positive expected return scores 0 (e.g. risk-reduction suggestions rank by
 * confidence alone through the tie-breaks).
 */
export function opportunityScore(o: Opportunity): number {
  const rewardToRisk = Math.min(Math.max(o.expectedReturnPct, 0) / Math.max(o.riskPct, 0.01), 5);
  return (o.confidence / 10) * rewardToRisk;
}

/** Best first; ties broken by confidence, then strategy id and symbols so the order is deterministic. */
export function compareOpportunities(a: Opportunity, b: Opportunity): number {
  return (
    opportunityScore(b) - opportunityScore(a) ||
    b.confidence - a.confidence ||
    a.strategy.localeCompare(b.strategy) ||
    a.symbols.join(',').localeCompare(b.symbols.join(','))
  );
}

/** Merges a strategy's new opportunities into an already ranked list, returning a new ranked list. */
export function mergeRanked(ranked: readonly Opportunity[], incoming: readonly Opportunity[]): Opportunity[] {
  return [...ranked, ...incoming].sort(compareOpportunities);
}
