// hedge_position — rolling beta of each holding to the market factor's best proxy; hedge ratios and sizes.
//
// Method, on hourly log returns of the symbols (common timestamps):
//   1. Market factor = the equal-weighted mean return of the symbols. The hedge instrument is the symbol most correlated
//      with it (the liquid bellwether you can actually short).
//   2. For each holding: betas to the hedge instrument over rolling 7-day windows stepped by a day (OLS slope =
//      min-variance hedge ratio h* = cov/var). Current beta = the latest window's; stability = 1 − min(sd/|mean|, 1)
//      of the rolling betas; effectiveness = the latest window's R² (share of variance the hedge removes).
//   3. Hedge: sell β·V/P_hedge units of the hedge instrument (buy when β < 0). Confidence = 10·R²·stability.
//      riskPct = the holding's residual (unhedged) volatility over a day; expected return = −β·(the hedge instrument's
//      mean return over a day), usually ≈ 0, so hedges rank by confidence.
//   4. One more suggestion hedges the whole book: the same rolling regression on the portfolio's own return
//      (Σ V_i·r_i / Σ V_i, holdings of the hedge instrument included), sized β_book·ΣV/P_hedge.
import type { Opportunity } from '../../machines/opportunity.js';
import { alignCloses } from '../indicators/align.js';
import { correlation, mean, stdev } from '../indicators/moments.js';
import { simpleOls } from '../indicators/ols.js';
import { seriesFor } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { finalize } from './support/finalize.js';
import { DAY_MS, HOUR_MS, formatHorizon } from './support/horizon.js';
import { hourlyReturns } from './support/hourly-returns.js';

const ID = 'hedge_position';
const WINDOW_HOURS = 168;
const STEP_HOURS = 24;

export interface BetaProfile {
  beta: number;
  rSquared: number;
  stability: number;
  residualSd: number;
}

/** Rolling-window betas of y on x; the latest window gives the current estimate. */
export function rollingBeta(y: Float64Array, x: Float64Array): BetaProfile | null {
  const length = y.length;
  if (length < WINDOW_HOURS) return null;
  const betas: number[] = [];
  for (let end = length; end >= WINDOW_HOURS; end -= STEP_HOURS) betas.unshift(simpleOls(x, y, end - WINDOW_HOURS, end).slope);
  const latest = simpleOls(x, y, length - WINDOW_HOURS, length);
  const r = correlation(x, y, length - WINDOW_HOURS, length);
  const spread = betas.length > 1 ? stdev(betas) / Math.abs(mean(betas)) : 1;
  return { beta: latest.slope, rSquared: r * r, stability: 1 - Math.min(spread, 1), residualSd: latest.residualSd };
}

function hedgeInstrument(returns: readonly Float64Array[]): number {
  const length = returns[0]?.length ?? 0;
  const factor = Float64Array.from({ length }, (_, t) => returns.reduce((a, r) => a + (r[t] as number), 0) / returns.length);
  let best = 0;
  returns.forEach((r, i) => {
    if (correlation(r, factor) > correlation(returns[best] as Float64Array, factor)) best = i;
  });
  return best;
}

export const hedgePosition: StrategyDefinition = {
  id: ID,
  name: 'Hedge position',
  description: 'Rolling beta of each holding to the most market-like symbol; hedge ratios, hedge sizes and a whole-book hedge.',
  inputs: ['close', 'portfolio'],
  run(market, params, shouldStop: StopCheck) {
    const universe = seriesFor(market, params.symbols);
    if (universe.length < 2) return [];
    const { closes } = alignCloses(universe);
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    if (!returns) return [];
    if ((returns[0]?.length ?? 0) < WINDOW_HOURS || shouldStop()) return [];
    const h = hedgeInstrument(returns);
    const hedgeSymbol = universe[h]?.symbol as string;
    const price = (i: number): number => closes[i]?.[(closes[i]?.length ?? 1) - 1] as number;
    const hedgeReturns = returns[h] as Float64Array;
    const dayHours = DAY_MS / HOUR_MS;
    const hedgeDrift = mean(hedgeReturns) * dayHours;
    const found: Opportunity[] = [];
    const book = new Float64Array(hedgeReturns.length);
    let bookValue = 0;
    for (let i = 0; i < universe.length; i++) {
      if (shouldStop()) return finalize(found);
      const symbol = universe[i]?.symbol as string;
      const value = (params.portfolio[symbol] ?? 0) * price(i);
      if (value === 0) continue;
      const r = returns[i] as Float64Array;
      for (let t = 0; t < book.length; t++) book[t] = (book[t] as number) + value * (r[t] as number);
      bookValue += value;
      const profile = i === h ? null : rollingBeta(r, hedgeReturns);
      if (profile) found.push(suggestion([symbol, hedgeSymbol], profile, value, price(h), hedgeDrift, dayHours));
    }
    if (bookValue !== 0) {
      for (let t = 0; t < book.length; t++) book[t] = (book[t] as number) / bookValue;
      const profile = rollingBeta(book, hedgeReturns);
      if (profile) found.push(suggestion([hedgeSymbol], profile, bookValue, price(h), hedgeDrift, dayHours));
    }
    return finalize(found);
  },
};

/** symbols = [holding, hedge instrument], or just [hedge instrument] for the whole-book hedge. */
function suggestion(symbols: string[], p: BetaProfile, value: number, hedgePrice: number, hedgeDrift: number, dayHours: number): Opportunity {
  const units = (p.beta * value) / hedgePrice;
  const hedgeSymbol = symbols[symbols.length - 1] as string;
  const against = symbols.length > 1 ? symbols[0] : 'the whole portfolio';
  return {
    strategy: ID,
    symbols,
    side: units > 0 ? 'short' : 'long',
    confidence: 10 * p.rSquared * p.stability,
    expectedReturnPct: -100 * Math.sign(units) * hedgeDrift,
    riskPct: 100 * p.residualSd * Math.sqrt(dayHours),
    horizon: formatHorizon(DAY_MS),
    entry: hedgePrice,
    stop: null,
    target: null,
    rationale:
      `${units > 0 ? 'sell' : 'buy'} ${Math.abs(units).toPrecision(4)} ${hedgeSymbol} against ${against} (value ${Math.round(value)}): ` +
      `beta ${p.beta.toFixed(2)} over the last 7 days, R² ${p.rSquared.toFixed(2)}, beta stability ${p.stability.toFixed(2)}`,
  };
}
