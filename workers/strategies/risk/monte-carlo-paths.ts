// risk_management's Monte Carlo paths, drawn in fixed blocks: block b draws from its own stream, seeded from (portfolio
// seed, b), so a path's numbers never depend on which chunk simulates its block or on what that chunk did before.
// Each path: 24 hourly steps r = L·z·√((ν − 2)/χ²_ν), ν = 5 (multivariate Student-t: fat tails, unit variance); its
// loss per holding is −V_i·(e^{Σr_i} − 1).
import { cholesky } from '../../indicators/cholesky.js';
import { covarianceMatrix } from '../../indicators/covariance.js';
import { Rng, substreamSeed } from '../../indicators/prng.js';
import type { StopCheck } from '../../strategy-types.js';
import { allocateTail, keepWorst, tailSize, type MonteCarloRisk, type TailCandidates } from './monte-carlo-tail.js';

export const PATHS = 10_000;
/** Paths per block, the unit of work: 40 blocks, each a few tens of ms on the heavy market. */
export const PATH_BLOCK = 250;
export const BLOCKS = PATHS / PATH_BLOCK;
const DOF = 5;

export interface PathModel {
  /** Lower Cholesky factor of the hourly covariance, row-major m × m. */
  cholesky: Float64Array;
  /** Value of each holding. */
  values: readonly number[];
  /** Hourly steps per path. */
  steps: number;
  seed: number;
}

/** Cholesky factor of the covariance of `returns`; null when stopped or not positive definite. */
export function returnsCholesky(returns: readonly Float64Array[], shouldStop: StopCheck): Float64Array | null {
  const m = returns.length;
  const cov = covarianceMatrix(returns, 0, returns[0]?.length ?? 0, shouldStop);
  if (!cov) return null;
  for (let i = 0; i < m; i++) cov[i * m + i] = (cov[i * m + i] as number) * (1 + 1e-9) + 1e-18; // jitter keeps it positive definite
  return cholesky(cov, m);
}

/** Blocks from … to − 1: the tail candidates among their paths (monte-carlo-tail.ts); null when stopped. */
export function simulateBlocks(model: PathModel, from: number, to: number, shouldStop: StopCheck): TailCandidates | null {
  const m = model.values.length;
  const count = (to - from) * PATH_BLOCK;
  const loss = new Float64Array(count);
  const legLoss = new Float64Array(count * m);
  for (let block = from; block < to; block++) {
    const offset = (block - from) * PATH_BLOCK;
    if (!simulateBlock(model, block, loss.subarray(offset, offset + PATH_BLOCK), legLoss.subarray(offset * m), shouldStop)) return null;
  }
  return keepWorst(loss, legLoss, from * PATH_BLOCK, m, tailSize(PATHS));
}

/** Fills one block's path losses (and the first PATH_BLOCK × m leg losses); false when stopped. */
function simulateBlock(model: PathModel, block: number, loss: Float64Array, legLoss: Float64Array, shouldStop: StopCheck): boolean {
  const { cholesky: l, values, steps } = model;
  const m = values.length;
  const rng = new Rng(substreamSeed(model.seed, block));
  const cumulative = new Float64Array(m);
  const z = new Float64Array(m);
  for (let p = 0; p < PATH_BLOCK; p++) {
    if (p % 16 === 0 && shouldStop()) return false;
    cumulative.fill(0);
    for (let step = 0; step < steps; step++) {
      let chi2 = 0;
      for (let k = 0; k < DOF; k++) chi2 += rng.normal() ** 2;
      const scale = Math.sqrt((DOF - 2) / chi2);
      for (let i = 0; i < m; i++) z[i] = rng.normal();
      for (let i = 0; i < m; i++) {
        let r = 0;
        for (let k = 0; k <= i; k++) r += (l[i * m + k] as number) * (z[k] as number);
        cumulative[i] = (cumulative[i] as number) + r * scale;
      }
    }
    let total = 0;
    for (let i = 0; i < m; i++) {
      const leg = -(values[i] as number) * Math.expm1(cumulative[i] as number);
      legLoss[p * m + i] = leg;
      total += leg;
    }
    loss[p] = total;
  }
  return true;
}

/** Monte Carlo VaR/CVaR of all PATHS paths in one go, from hourly returns over `steps` hourly steps; null if stopped. */
export function monteCarloRisk(returns: readonly Float64Array[], values: readonly number[], steps: number, seed: number, shouldStop: StopCheck): MonteCarloRisk | null {
  const l = returnsCholesky(returns, shouldStop);
  if (!l) return null;
  const tail = simulateBlocks({ cholesky: l, values, steps, seed }, 0, BLOCKS, shouldStop);
  return tail && allocateTail([tail], values.length);
}
