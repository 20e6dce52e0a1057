// options_trade — implied vs forecast realised volatility: long straddles when options are cheap, short strangles when
// they are rich.
//
// Method, per symbol with an option chain (CSV markets have none: the strategy does not apply to them):
//   1. Implied volatility of every out-of-the-money quote (puts below spot, calls at or above) by Newton's method on
//      Black–Scholes (r = 0); ATM IV per expiry by linear interpolation in log-moneyness around spot.
//   2. Forecast realised volatility: GARCH(1,1) on hourly log returns (grid MLE with variance targeting), averaged over
//      each expiry's remaining hours, annualised. Its relative error is taken as 1/√(2·n), n = four days of hours
//      (a conservative effective sample for a volatility that changes regime).
//   3. z = ln(IV_atm / σ_forecast) / relative error, per expiry; the expiry with the largest |z| is traded,
//      family-wise over symbols × expiries × 2 sides.
//        z < 0 (cheap): buy the ATM straddle (strike nearest spot). Fair value = Black–Scholes at the forecast vol
//          (keeping the smile: each leg's IV scaled by σ_forecast/IV_atm). E = (fair − premium)/premium; stop at half the
//          premium (risk 50 %).
//        z > 0 (rich): sell the 25-delta strangle. E = (premium − fair)/premium; stop at twice the premium (risk 100 %).
//      entry/stop/target are premiums (per unit of underlying); horizon = the expiry.
import type { Opportunity } from '../../machines/opportunity.js';
import { bsDelta, bsPrice, type OptionKind, type OptionSpec } from '../indicators/black-scholes.js';
import { fitGarch, garchMeanVariance, type GarchFit } from '../indicators/garch.js';
import { impliedVol } from '../indicators/implied-vol.js';
import { blockLogReturns } from '../indicators/returns.js';
import type { OptionChain, SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, HOUR_MS, YEAR_MS, formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'options_trade';
const RELATIVE_ERROR = 1 / Math.sqrt(2 * 24 * 4);
const MIN_PRICE = 1e-5;

export interface SmileQuote {
  strike: number;
  kind: OptionKind;
  mid: number;
  iv: number;
}

/** IVs of the out-of-the-money quotes of one expiry. */
export function expirySmile(chain: OptionChain, e: number): SmileQuote[] {
  const years = (chain.expiriesDays[e] as number) / 365;
  const quotes: SmileQuote[] = [];
  chain.strikes.forEach((strike, k) => {
    const kind: OptionKind = strike < chain.spot ? 'put' : 'call';
    const mid = (kind === 'put' ? chain.putMid : chain.callMid)[e * chain.strikes.length + k] as number;
    if (!(mid > MIN_PRICE * chain.spot)) return;
    const iv = impliedVol({ kind, spot: chain.spot, strike, years, rate: 0 }, mid);
    if (Number.isFinite(iv)) quotes.push({ strike, kind, mid, iv });
  });
  return quotes;
}

export function atmVol(smile: readonly SmileQuote[], spot: number): number {
  for (let i = 1; i < smile.length; i++) {
    const lo = smile[i - 1] as SmileQuote;
    const hi = smile[i] as SmileQuote;
    if (lo.strike <= spot && hi.strike >= spot) {
      const w = hi.strike === lo.strike ? 0 : Math.log(spot / lo.strike) / Math.log(hi.strike / lo.strike);
      return lo.iv + w * (hi.iv - lo.iv);
    }
  }
  return Number.NaN;
}

interface Leg {
  spec: OptionSpec;
  mid: number;
  iv: number;
}

function legAt(chain: OptionChain, e: number, strikeIndex: number, kind: OptionKind): Leg | null {
  const spec: OptionSpec = { kind, spot: chain.spot, strike: chain.strikes[strikeIndex] as number, years: (chain.expiriesDays[e] as number) / 365, rate: 0 };
  const mid = (kind === 'put' ? chain.putMid : chain.callMid)[e * chain.strikes.length + strikeIndex] as number;
  const iv = impliedVol(spec, mid);
  return Number.isFinite(iv) && mid > MIN_PRICE * chain.spot ? { spec, mid, iv } : null;
}

/** Legs of the trade: the ATM straddle (long vol) or the 25-delta strangle (short vol). */
function tradeLegs(chain: OptionChain, e: number, longVol: boolean): Leg[] | null {
  const strikes = Array.from(chain.strikes);
  if (longVol) {
    const atm = strikes.reduce((best, k, i) => (Math.abs(k - chain.spot) < Math.abs((strikes[best] as number) - chain.spot) ? i : best), 0);
    const legs = [legAt(chain, e, atm, 'call'), legAt(chain, e, atm, 'put')];
    return legs.every((l) => l !== null) ? (legs as Leg[]) : null;
  }
  const nearest = (kind: OptionKind): Leg | null => {
    let best: Leg | null = null;
    strikes.forEach((k, i) => {
      if ((kind === 'put' && k >= chain.spot) || (kind === 'call' && k <= chain.spot)) return;
      const leg = legAt(chain, e, i, kind);
      if (leg && (!best || Math.abs(Math.abs(bsDelta(leg.spec, leg.iv)) - 0.25) < Math.abs(Math.abs(bsDelta(best.spec, best.iv)) - 0.25))) best = leg;
    });
    return best;
  };
  const put = nearest('put');
  const call = nearest('call');
  return put && call ? [put, call] : null;
}

function evaluateExpiry(s: SymbolSeries, chain: OptionChain, e: number, garch: GarchFit, hoursPerYear: number, tests: number): Opportunity | null {
  const days = chain.expiriesDays[e] as number;
  const smile = expirySmile(chain, e);
  const iv = atmVol(smile, chain.spot);
  const forecast = Math.sqrt(garchMeanVariance(garch, Math.max(1, Math.round(days * 24))) * hoursPerYear);
  if (!(iv > 0) || !(forecast > 0)) return null;
  const z = Math.log(iv / forecast) / RELATIVE_ERROR;
  const longVol = z < 0;
  const legs = tradeLegs(chain, e, longVol);
  if (!legs) return null;
  const premium = legs.reduce((sum, l) => sum + l.mid, 0);
  const fair = legs.reduce((sum, l) => sum + bsPrice(l.spec, (l.iv * forecast) / iv), 0);
  const edge = longVol ? (fair - premium) / premium : (premium - fair) / premium;
  const strikes = legs.map((l) => `${l.spec.kind} ${l.spec.strike.toPrecision(5)}`).join(' + ');
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: longVol ? 'long' : 'short',
    confidence: confidenceFromZ(Math.abs(z), tests),
    expectedReturnPct: 100 * edge,
    riskPct: longVol ? 50 : 100,
    horizon: formatHorizon(days * DAY_MS),
    entry: premium,
    stop: longVol ? premium / 2 : 2 * premium,
    target: fair,
    rationale:
      `${longVol ? 'buy straddle' : 'sell strangle'} ${strikes}, ${days}d: ATM implied vol ${(100 * iv).toFixed(1)} % vs GARCH ` +
      `forecast ${(100 * forecast).toFixed(1)} % (z ${z.toFixed(1)}); premium ${premium.toPrecision(4)} vs fair ${fair.toPrecision(4)}`,
  };
}

/** The best expiry of one symbol's chain (by confidence), if it has an edge. */
function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const chain = s.options;
  const block = Math.max(1, Math.round(HOUR_MS / intervalMs));
  const returns = blockLogReturns(s.close, block);
  if (!chain || returns.length < 100) return null;
  const garch = fitGarch(returns, 0, returns.length, shouldStop);
  if (!garch || shouldStop()) return null;
  const hoursPerYear = YEAR_MS / (block * intervalMs);
  const family = tests * chain.expiriesDays.length * 2;
  let best: Opportunity | null = null;
  for (let e = 0; e < chain.expiriesDays.length; e++) {
    const o = evaluateExpiry(s, chain, e, garch, hoursPerYear, family);
    if (o && (!best || o.confidence > best.confidence)) best = o;
  }
  return best && best.expectedReturnPct > 0 ? best : null;
}

export const optionsTrade: StrategyDefinition = {
  id: ID,
  name: 'Options (volatility) trade',
  description: 'Implied volatility by Newton’s method vs a GARCH(1,1) forecast; long straddles when cheap, short strangles when rich.',
  inputs: ['close', 'options'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
