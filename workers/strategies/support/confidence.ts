// One mapping from statistical evidence to the contract's 0–10 confidence, shared by every strategy so that confidences
// are comparable. A strategy reduces its evidence to a z-score (≈ standard normal when there is no effect) and says how
// many candidates it tested; the score is anchored at the family-wise 5 % threshold for that many one-sided tests:
//   threshold = Φ⁻¹(1 − 0.05 / tests),   confidence = clamp(5 + 2.5·(z − threshold), 0, 10).
// So confidence 5 means "significant after allowing for everything we looked at", and pure noise rarely scores above it.
import { normInv } from '../../indicators/normal.js';

/**
 * Confidence at or above this is "strong": z at least 0.8 above the family-wise threshold, which pure noise reaches in
 * roughly 0.5 % of markets per strategy (docs/strategies.md has the measured rate).
 */
export const STRONG_CONFIDENCE = 7;

/** Below this an opportunity is not worth reporting. */
export const MIN_REPORTED_CONFIDENCE = 0.5;

export function familyThreshold(tests: number, alpha = 0.05): number {
  return normInv(1 - alpha / Math.max(tests, 1));
}

export function confidenceFromZ(z: number, tests: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 10 : 0;
  return Math.min(Math.max(5 + 2.5 * (z - familyThreshold(tests)), 0), 10);
}

/** z-score of a one-sided p-value (small p → large z). */
export function zFromPValue(p: number): number {
  return -normInv(Math.min(Math.max(p, 1e-300), 1));
}
