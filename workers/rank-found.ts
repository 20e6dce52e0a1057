// What a strategy reports: its findings stamped with its id, best first, at most MAX_OPPORTUNITIES_PER_STRATEGY. Shared by
// the worker entry (a whole strategy) and the engine's reduce of a chunked one (src/core/chunked-strategy-run.ts).
import { compareOpportunities, type Opportunity } from '../machines/opportunity.js';

/** Upper bound on what one strategy may report, so one task cannot flood a scan snapshot. */
export const MAX_OPPORTUNITIES_PER_STRATEGY = 25;

export function rankFound(strategy: string, found: readonly Opportunity[]): Opportunity[] {
  return found
    .map((o) => ({ ...o, strategy }))
    .sort(compareOpportunities)
    .slice(0, MAX_OPPORTUNITIES_PER_STRATEGY);
}
