// The last step of every strategy: rank its opportunities with the one shared score, keep the best few, and round the
// numbers to what a reader needs (the ranking is done before rounding, so rounding never reorders).
import { compareOpportunities, type Opportunity } from '../../../machines/opportunity.js';
import { MIN_REPORTED_CONFIDENCE } from './confidence.js';

/** Each strategy reports at most this many (the worker caps again, at 25). */
export const MAX_REPORTED = 20;

export function finalize(found: Opportunity[], limit = MAX_REPORTED): Opportunity[] {
  return found
    .filter((o) => o.confidence >= MIN_REPORTED_CONFIDENCE && Number.isFinite(o.expectedReturnPct) && o.riskPct > 0)
    .sort(compareOpportunities)
    .slice(0, limit)
    .map((o) => ({
      ...o,
      confidence: round(o.confidence, 1),
      expectedReturnPct: round(o.expectedReturnPct, 3),
      riskPct: Math.max(round(o.riskPct, 3), 0.001),
      entry: price(o.entry),
      stop: price(o.stop),
      target: price(o.target),
    }));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function price(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(6));
}
