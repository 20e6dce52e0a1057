// The tail of risk_management's Monte Carlo, gathered across chunks. VaR is a quantile over every path, so no chunk can
// tell on its own which of its paths are in the tail; but a path in the tail of all N paths is among the
// tailSize(N) worst of its own chunk, and tailSize(N) never exceeds tailSize(PATHS). So each chunk keeps only its
// tailSize(PATHS) worst paths (ties included) with their losses per holding, and the reduce finds the exact tail among
// them: the same VaR, CVaR and Euler allocation as over all the paths, summed in the same (path) order.
import type { TailRisk } from '../../indicators/tail-risk.js';

export const LEVEL = 0.99;
/** Batches of paths (path index mod BATCHES) for the standard errors of the contribution shares. */
const BATCHES = 10;

/** The worst paths of a run of consecutive paths: all a chunk sends back of its Monte Carlo. */
export interface TailCandidates {
  /** Paths simulated, candidates or not (the VaR quantile counts them all). */
  paths: number;
  /** Global path index of each candidate, ascending. */
  index: Int32Array;
  /** Portfolio loss of each candidate. */
  loss: Float64Array;
  /** Each candidate's loss per holding, row-major candidates × holdings. */
  legLoss: Float64Array;
}

export interface MonteCarloRisk extends TailRisk {
  /** CVaR contribution of each holding (sums to cvar). */
  contributions: Float64Array;
  /** Standard error of each holding's contribution share, from batches of paths. */
  shareSe: Float64Array;
}

/** How many of `paths` losses form the tail at LEVEL, counted as indicators/tail-risk.ts counts them. */
export function tailSize(paths: number): number {
  return paths - Math.min(Math.max(Math.floor(LEVEL * paths), 0), paths - 1);
}

/** Keeps the `keep` largest losses (and any tied with the smallest of them) of paths firstIndex, firstIndex + 1, …. */
export function keepWorst(loss: Float64Array, legLoss: Float64Array, firstIndex: number, m: number, keep: number): TailCandidates {
  const threshold = loss.length > keep ? (Float64Array.from(loss).sort()[loss.length - keep] as number) : -Infinity;
  const kept: number[] = [];
  for (let p = 0; p < loss.length; p++) if ((loss[p] as number) >= threshold) kept.push(p);
  const legs = new Float64Array(kept.length * m);
  kept.forEach((p, k) => legs.set(legLoss.subarray(p * m, (p + 1) * m), k * m));
  return {
    paths: loss.length,
    index: Int32Array.from(kept, (p) => firstIndex + p),
    loss: Float64Array.from(kept, (p) => loss[p] as number),
    legLoss: legs,
  };
}

/**
 * VaR/CVaR over every path the candidates came from, and the Euler allocation of CVaR to the m holdings (mean over the
 * tail paths of each holding's own loss) with batch standard errors of the shares. Null when no path was simulated.
 */
export function allocateTail(parts: readonly TailCandidates[], m: number): MonteCarloRisk | null {
  const paths = parts.reduce((a, p) => a + p.paths, 0);
  if (paths === 0) return null;
  const risk = tailOf(parts, paths);
  const contributions = new Float64Array(m);
  const batchSums = new Float64Array(BATCHES * m);
  const batchTotals = new Float64Array(BATCHES);
  let tailCount = 0;
  for (const part of parts) {
    for (let c = 0; c < part.index.length; c++) {
      const loss = part.loss[c] as number;
      if (loss < risk.var) continue;
      tailCount++;
      const b = (part.index[c] as number) % BATCHES;
      batchTotals[b] = (batchTotals[b] as number) + loss;
      for (let i = 0; i < m; i++) {
        const leg = part.legLoss[c * m + i] as number;
        contributions[i] = (contributions[i] as number) + leg;
        batchSums[b * m + i] = (batchSums[b * m + i] as number) + leg;
      }
    }
  }
  for (let i = 0; i < m; i++) contributions[i] = (contributions[i] as number) / Math.max(tailCount, 1);
  return { ...risk, contributions, shareSe: shareStandardErrors(batchSums, batchTotals, m) };
}

/** tailRisk over all `paths` losses, from the candidates alone: the tail is their largest tailSize(paths). */
function tailOf(parts: readonly TailCandidates[], paths: number): TailRisk {
  const sorted = Float64Array.from(parts.flatMap((p) => Array.from(p.loss))).sort();
  const size = tailSize(paths);
  const first = sorted.length - size;
  let sum = 0;
  for (let k = first; k < sorted.length; k++) sum += sorted[k] as number;
  return { var: sorted[first] as number, cvar: sum / size, tailStart: paths - size };
}

function shareStandardErrors(batchSums: Float64Array, batchTotals: Float64Array, m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => {
    const shares = Array.from({ length: BATCHES }, (_, b) => (batchSums[b * m + i] as number) / (batchTotals[b] as number));
    const mean = shares.reduce((a, x) => a + x, 0) / BATCHES;
    return Math.sqrt(shares.reduce((a, x) => a + (x - mean) ** 2, 0) / (BATCHES - 1) / BATCHES);
  });
}
