// The HTTP contract's opportunity shape, as an assertion every strategy test applies to what it gets back.
import { expect } from 'vitest';
import type { Opportunity } from '../../../machines/opportunity.js';

const HORIZON = /^\d+[mhd]$/;

/** Every opportunity must have the HTTP contract's shape. */
export function expectContractShape(o: Opportunity, strategy: string): void {
  expect(o.strategy).toBe(strategy);
  expect(o.symbols.length).toBeGreaterThan(0);
  expect(['long', 'short', 'neutral']).toContain(o.side);
  expect(o.confidence).toBeGreaterThanOrEqual(0);
  expect(o.confidence).toBeLessThanOrEqual(10);
  expect(Number.isFinite(o.expectedReturnPct)).toBe(true);
  expect(o.riskPct).toBeGreaterThan(0);
  expect(o.horizon).toMatch(HORIZON);
  for (const price of [o.entry, o.stop, o.target]) if (price !== null) expect(Number.isFinite(price)).toBe(true);
  expect(o.rationale.length).toBeGreaterThan(10);
}
