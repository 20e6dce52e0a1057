// funding_arbitrage — perpetual funding carry, delta-neutral (long spot / short perp, or the reverse), net of fees and
// basis risk.
//
// Method, per symbol with perp data (CSV markets have none: the strategy does not apply to them):
//   1. Funding f (per 8 h): OU fit over the whole history; forecast mean over the horizon H = 7 days,
//        f̄ = μ_f + (f_now − μ_f)·φ·(1 − φ^H) / (H·(1 − φ)).
//      Direction: f̄ > 0 → long spot, short perp (collect funding); f̄ < 0 → short spot, long perp.
//   2. Carry = |f̄| × 21 funding periods. Fees: four taker legs (in and out, spot and perp) at 5 bp = 0.20 %.
//   3. Basis b = ln(perp/spot), OU fit over the last 2 days: convergence gain d·(b − μ_b)·(1 − 2^{−H/HL}) for the
//      short-perp side (d = +1) or the long-perp side (d = −1); basis risk over H, sd = σ_eq·√(2·(1 − e^{−κH})).
//      Carry risk: the sd of the funding actually averaged over H under the OU fit,
//        σ_eq,f·√((2/(κH))·(1 − (1 − e^{−κH})/(κH))), times 21 periods.
//      Risk = 2 × √(basis risk² + carry risk²) (the stop).
//   4. E = carry + convergence − fees; trade if E > 0. Evidence: t-ratio of mean funding in the trade's favour, with
//      the sample cut to its effective size under the funding's autocorrelation; family-wise over symbols.
import type { Opportunity } from '../../machines/opportunity.js';
import { persistentMeanT, stdev } from '../indicators/moments.js';
import { fitOu, ouMeanForecast, type OuFit } from '../indicators/ou-fit.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, HOUR_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'funding_arbitrage';
const HORIZON_MS = 7 * DAY_MS;
const FEES = 4 * 0.0005;
const STOP_SDS = 2;

function evaluate(s: SymbolSeries, { tests, intervalMs }: SymbolContext): Opportunity | null {
  const perp = s.perp;
  const funding = s.funding;
  const n = s.close.length;
  const horizon = candlesIn(HORIZON_MS, intervalMs);
  const basisWindow = Math.min(candlesIn(2 * DAY_MS, intervalMs), n);
  if (!perp || !funding || n < 100) return null;
  const fundingFit = fitOu(funding, 0, n);
  const forecast = ouMeanForecast(funding[n - 1] as number, fundingFit, horizon);
  const d = forecast >= 0 ? 1 : -1;
  const carry = Math.abs(forecast) * (HORIZON_MS / (8 * HOUR_MS));
  const from = n - basisWindow;
  const basis = Float64Array.from({ length: basisWindow }, (_, i) => Math.log((perp[from + i] as number) / (s.close[from + i] as number)));
  const basisFit = fitOu(basis);
  const basisNow = basis[basisWindow - 1] as number;
  const reverting = Number.isFinite(basisFit.halfLife);
  const convergence = reverting ? d * (basisNow - basisFit.mean) * (1 - 2 ** (-horizon / basisFit.halfLife)) : 0;
  const basisRisk = reverting ? basisFit.eqSd * Math.sqrt(2 * (1 - Math.exp(-basisFit.kappa * horizon))) : stdev(basis);
  const carryRisk = averageSd(fundingFit, horizon) * (HORIZON_MS / (8 * HOUR_MS));
  const expected = carry + convergence - FEES;
  if (!(expected > 0)) return null;
  const t = d * persistentMeanT(funding, 0, n, fundingFit.phi);
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: 'neutral',
    confidence: confidenceFromZ(t, tests),
    expectedReturnPct: 100 * expected,
    riskPct: 100 * STOP_SDS * Math.hypot(basisRisk, carryRisk),
    horizon: formatHorizon(HORIZON_MS),
    entry: perp[n - 1] as number,
    stop: null,
    target: null,
    rationale:
      `${d > 0 ? 'long spot / short perp' : 'short spot / long perp'}: funding forecast ${(forecast * 1e4).toFixed(2)} bp/8h ` +
      `(t ${t.toFixed(1)}) → carry ${(carry * 100).toFixed(2)} %, basis ${(basisNow * 1e4).toFixed(1)} bp ` +
      `(convergence ${(convergence * 100).toFixed(2)} %), fees ${(FEES * 100).toFixed(2)} %`,
  };
}

/** Standard deviation of an OU process's average over the next `steps` steps (its stationary sd if it does not revert). */
function averageSd(fit: OuFit, steps: number): number {
  if (!(fit.kappa > 0) || !Number.isFinite(fit.eqSd)) return 0;
  const k = fit.kappa * steps;
  return fit.eqSd * Math.sqrt((2 / k) * (1 - (1 - Math.exp(-k)) / k));
}

export const fundingArbitrage: StrategyDefinition = {
  id: ID,
  name: 'Funding arbitrage',
  description: 'Delta-neutral spot/perp carry on the forecast funding rate, net of fees, with basis risk as the stop.',
  inputs: ['close', 'perp', 'funding'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
