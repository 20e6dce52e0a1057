// futures_trade — spot–perp basis and funding carry, traded in the direction of the trend.
//
// Method, per symbol with perp data (CSV markets have none: the strategy does not apply to them):
//   1. Trend filter: EMA(48) vs EMA(192) of the spot close; the perp trade may only go with the trend.
//   2. Basis b_t = ln(perp_t / spot_t). OU fit over the last 2 days → mean μ_b, half-life, σ_eq; basis z = (b − μ_b)/σ_eq.
//   3. Funding f (per 8 h) forecast over the horizon H = 1 day with its own OU fit (2 days):
//        f̄ = μ_f + (f_now − μ_f)·φ·(1 − φ^H) / (H·(1 − φ)); a long perp pays f̄ per 8 h (3 times a day), a short receives it.
//   4. Expected return of the perp position in the trend direction d over H:
//        E = −d·f̄·3 (carry) − d·(b − μ_b)·(1 − 2^{−H/HL}) (basis convergence); trade only if E > 0.
//      Evidence: Stouffer z of the basis z-score and the t-ratio of mean funding, each signed in favour of d,
//      family-wise over symbols. Risk = 2σ√H of the perp price (the stop); target at E.
import type { Opportunity } from '../../machines/opportunity.js';
import { ema } from '../indicators/ema.js';
import { ewmaVol } from '../indicators/ewma-vol.js';
import { persistentMeanT } from '../indicators/moments.js';
import { fitOu, ouMeanForecast } from '../indicators/ou-fit.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, HOUR_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'futures_trade';
const FAST = 48;
const SLOW = 192;
const STOP_SIGMAS = 2;

function evaluate(s: SymbolSeries, { tests, intervalMs }: SymbolContext): Opportunity | null {
  const perp = s.perp;
  const funding = s.funding;
  const n = s.close.length;
  const horizon = candlesIn(DAY_MS, intervalMs);
  const window = Math.min(2 * horizon, n);
  if (!perp || !funding || n < SLOW + window) return null;
  const from = n - window;
  const fast = ema(s.close, FAST)[n - 1] as number;
  const slow = ema(s.close, SLOW)[n - 1] as number;
  const d = fast >= slow ? 1 : -1;
  const basis = Float64Array.from({ length: window }, (_, i) => Math.log((perp[from + i] as number) / (s.close[from + i] as number)));
  const basisFit = fitOu(basis);
  const fundingFit = fitOu(funding, from, n);
  const basisNow = basis[window - 1] as number;
  const basisZ = Number.isFinite(basisFit.eqSd) ? (basisNow - basisFit.mean) / basisFit.eqSd : 0;
  const fundingNow = funding[n - 1] as number;
  const carry = -d * ouMeanForecast(fundingNow, fundingFit, horizon) * (DAY_MS / (8 * HOUR_MS));
  const convergence = Number.isFinite(basisFit.halfLife) ? -d * (basisNow - basisFit.mean) * (1 - 2 ** (-horizon / basisFit.halfLife)) : 0;
  const expected = carry + convergence;
  if (!(expected > 0)) return null;
  const fundingT = persistentMeanT(funding, from, n, fundingFit.phi);
  const z = (-d * basisZ + -d * fundingT) / Math.SQRT2;
  const entry = perp[n - 1] as number;
  const sigma = (ewmaVol(perp.subarray(from), 96)[window - 1] as number) * Math.sqrt(horizon);
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: d > 0 ? 'long' : 'short',
    confidence: confidenceFromZ(z, tests),
    expectedReturnPct: 100 * expected,
    riskPct: 100 * (1 - Math.exp(-STOP_SIGMAS * sigma)),
    horizon: formatHorizon(horizon * intervalMs),
    entry,
    stop: entry * Math.exp(-d * STOP_SIGMAS * sigma),
    target: entry * Math.exp(d * expected),
    rationale:
      `${d > 0 ? 'up' : 'down'}trend (EMA ${FAST}/${SLOW}); perp basis ${(basisNow * 1e4).toFixed(1)} bp (z ${basisZ.toFixed(2)}), ` +
      `funding ${(fundingNow * 1e4).toFixed(2)} bp/8h; carry ${(carry * 1e4).toFixed(1)} bp + convergence ${(convergence * 1e4).toFixed(1)} bp over 1 day`,
  };
}

export const futuresTrade: StrategyDefinition = {
  id: ID,
  name: 'Futures (perp) trade',
  description: 'Perpetual-futures position in the trend direction when basis and funding carry both pay for it.',
  inputs: ['close', 'perp', 'funding'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
