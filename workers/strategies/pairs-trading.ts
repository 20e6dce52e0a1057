// pairs_trading — all pairs: correlation screen, Engle–Granger cointegration, spread z-score.
//
// Method, over the symbols' common timestamps:
//   1. Screen: correlation of hourly (12-candle) log returns; pairs with |ρ| < 0.5 are dropped.
//   2. Engle–Granger, both ways round: OLS ln P_y = a + h·ln P_x + e over the whole history, then an ADF test (1 lag)
//      on the residual spread e. The direction with the more negative statistic is kept; its MacKinnon p-value for
//      N = 2 series becomes the evidence (z), family-wise over every pair in the universe (not only screened ones).
//   3. OU fit of the spread → half-life HL (must be 2 … n/10 candles), spread z = e_now / sd(e).
//   4. Entry when |z| ≥ 1.5: short the spread (sell y, buy h·x) when z > 0, long when z < 0.
//      Horizon H = 2·HL. Per unit of gross notional (1 + |h|): expected return = |e_now|·(1 − 2^{−H/HL}) / (1 + |h|),
//      risk = 1.5·sd(e) / (1 + |h|) (stop when the spread widens by 1.5 sd more).
//      entry/stop/target are prices of the first symbol (y) with x held fixed.
import type { Opportunity } from '../../machines/opportunity.js';
import { adfTest, mackinnonPValue } from '../indicators/adf.js';
import { alignCloses } from '../indicators/align.js';
import { logPrices } from '../indicators/ewma-vol.js';
import { correlation } from '../indicators/moments.js';
import { simpleOls } from '../indicators/ols.js';
import { fitOu } from '../indicators/ou-fit.js';
import { blockLogReturns } from '../indicators/returns.js';
import { seriesFor } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ, zFromPValue } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { formatHorizon } from './support/horizon.js';

const ID = 'pairs_trading';
const SCREEN_BLOCK = 12;
const MIN_CORRELATION = 0.5;
const ENTRY_Z = 1.5;
const STOP_SDS = 1.5;

export interface CointegrationFit {
  y: number;
  x: number;
  intercept: number;
  hedgeRatio: number;
  adfStat: number;
  /** The spread e_t = ln P_y − a − h·ln P_x. */
  spread: Float64Array;
}

/** Engle–Granger step: regress y on x, ADF(1) on the residual spread. */
export function engleGranger(logs: readonly Float64Array[], y: number, x: number): CointegrationFit {
  const ly = logs[y] as Float64Array;
  const lx = logs[x] as Float64Array;
  const fit = simpleOls(lx, ly);
  const spread = new Float64Array(ly.length); // a plain loop: Float64Array.from with a map function is ~30× slower
  for (let t = 0; t < ly.length; t++) spread[t] = (ly[t] as number) - fit.intercept - fit.slope * (lx[t] as number);
  return { y, x, intercept: fit.intercept, hedgeRatio: fit.slope, adfStat: adfTest(spread, 1).stat, spread };
}

function evaluatePair(symbols: readonly string[], logs: readonly Float64Array[], i: number, j: number, tests: number, intervalMs: number, shouldStop: StopCheck): Opportunity | null {
  const a = engleGranger(logs, i, j);
  if (shouldStop()) return null;
  const b = engleGranger(logs, j, i);
  const best = a.adfStat <= b.adfStat ? a : b;
  const n = best.spread.length;
  const ou = fitOu(best.spread);
  if (!(ou.halfLife >= 2 && ou.halfLife <= n / 10)) return null;
  let squares = 0;
  for (let t = 0; t < n; t++) squares += (best.spread[t] as number) ** 2;
  const sd = Math.sqrt(squares / (n - 2));
  const now = best.spread[n - 1] as number;
  const z = now / sd;
  if (!(Math.abs(z) >= ENTRY_Z)) return null;
  const horizon = Math.round(2 * ou.halfLife);
  const gross = 1 + Math.abs(best.hedgeRatio);
  const entry = Math.exp(logs[best.y]?.[n - 1] as number);
  const direction = z > 0 ? -1 : 1; // long the spread when it is below its mean
  const p = mackinnonPValue(best.adfStat, 2);
  return {
    strategy: ID,
    symbols: [symbols[best.y] as string, symbols[best.x] as string],
    side: direction > 0 ? 'long' : 'short',
    confidence: confidenceFromZ(zFromPValue(p), tests),
    expectedReturnPct: (100 * Math.abs(now) * (1 - 2 ** (-horizon / ou.halfLife))) / gross,
    riskPct: (100 * STOP_SDS * sd) / gross,
    horizon: formatHorizon(horizon * intervalMs),
    entry,
    stop: entry * Math.exp(-direction * STOP_SDS * sd),
    target: entry * Math.exp(-now),
    rationale:
      `${symbols[best.y]} = ${best.hedgeRatio.toFixed(3)}·${symbols[best.x]} + spread (log prices); Engle–Granger ADF ` +
      `${best.adfStat.toFixed(2)} (p ${p.toExponential(1)}); spread z ${z.toFixed(2)}, half-life ${ou.halfLife.toFixed(0)} candles`,
  };
}

export const pairsTrading: StrategyDefinition = {
  id: ID,
  name: 'Pairs trading',
  description: 'Every pair screened by correlation, tested for Engle–Granger cointegration; trades a stretched spread back to its mean.',
  inputs: ['close'],
  run(market, params, shouldStop: StopCheck) {
    const universe = seriesFor(market, params.symbols);
    const symbols = universe.map((s) => s.symbol);
    const { closes } = alignCloses(universe);
    const logs: Float64Array[] = [];
    const hourly: Float64Array[] = [];
    for (const close of closes) {
      if (shouldStop()) return [];
      logs.push(logPrices(close));
      hourly.push(blockLogReturns(close, SCREEN_BLOCK));
    }
    const found: Opportunity[] = [];
    const n = closes[0]?.length ?? 0;
    const tests = (symbols.length * (symbols.length - 1)) / 2;
    for (let i = 0; i < symbols.length && n >= 500; i++) {
      for (let j = i + 1; j < symbols.length; j++) {
        if (shouldStop()) return finalize(found);
        if (Math.abs(correlation(hourly[i] as Float64Array, hourly[j] as Float64Array)) < MIN_CORRELATION) continue;
        const o = evaluatePair(symbols, logs, i, j, tests, market.intervalMs, shouldStop);
        if (o) found.push(o);
      }
    }
    return finalize(found);
  },
};
