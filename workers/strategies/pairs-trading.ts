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
//
// Fork-join: one unit of work per pair, in the order (0, 1), (0, 2), …, (1, 2), …. Only pairs passing the screen cost
// much, and they cluster by symbol, so chunks take interleaved pairs (support/split-units.ts) rather than runs of them.
import type { Opportunity } from '../../machines/opportunity.js';
import { adfTest, mackinnonPValue } from '../indicators/adf.js';
import { alignCloses } from '../indicators/align.js';
import { logPrices } from '../indicators/ewma-vol.js';
import { correlation } from '../indicators/moments.js';
import { simpleOls } from '../indicators/ols.js';
import { fitOu } from '../indicators/ou-fit.js';
import { blockLogReturns } from '../indicators/returns.js';
import { chunkedStrategy } from '../chunked-run.js';
import { seriesFor, type MarketData } from '../market-data.js';
import type { ChunkedWork, StopCheck, StrategyParams } from '../strategy-types.js';
import { confidenceFromZ, zFromPValue } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { formatHorizon } from './support/horizon.js';
import { lastInputMemo } from './support/last-input-memo.js';
import { planStrides, type UnitStride } from './support/split-units.js';

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

/** What a chunk found: each opportunity with its pair's unit index, so the reduce can restore the pair order. */
export interface PairFind {
  pair: number;
  opportunity: Opportunity;
}

interface PairInputs {
  symbols: string[];
  /** Log closes (Engle–Granger) and hourly log returns (the screen) of every requested symbol, aligned. */
  logs: Float64Array[];
  hourly: Float64Array[];
}

// A chunk's pairs touch nearly every symbol, and taking the logs of all of them costs 30 ms or more on the heavy
// market: a third of a chunk's work at 16 parts, and 3,160 times over in the unsplit run (one chunk per pair). So they
// are memoised per worker (support/last-input-memo.ts); the entry holds one log series per symbol (19 MB on heavy).
const memo = lastInputMemo<PairInputs>();

function pairInputs(market: MarketData, params: StrategyParams, shouldStop: StopCheck): PairInputs | null {
  const universe = seriesFor(market, params.symbols);
  return memo(universe, () => {
    const { closes } = alignCloses(universe);
    const logs: Float64Array[] = [];
    const hourly: Float64Array[] = [];
    for (const close of closes) {
      if (shouldStop()) return null;
      logs.push(logPrices(close));
      hourly.push(blockLogReturns(close, SCREEN_BLOCK));
    }
    return { symbols: universe.map((s) => s.symbol), logs, hourly };
  });
}

function runChunk(market: MarketData, params: StrategyParams, { first, stride }: UnitStride, shouldStop: StopCheck): PairFind[] {
  const found: PairFind[] = [];
  const inputs = pairInputs(market, params, shouldStop);
  if (!inputs || (inputs.logs[0]?.length ?? 0) < 500) return found;
  const { symbols, logs, hourly } = inputs;
  const m = symbols.length;
  const tests = (m * (m - 1)) / 2;
  let i = 0;
  let rowStart = 0; // unit index of the pair (i, i + 1)
  for (let pair = first; pair < tests; pair += stride) {
    while (pair >= rowStart + m - 1 - i) {
      rowStart += m - 1 - i;
      i++;
    }
    const j = i + 1 + pair - rowStart;
    if (shouldStop()) break;
    if (Math.abs(correlation(hourly[i] as Float64Array, hourly[j] as Float64Array)) < MIN_CORRELATION) continue;
    const opportunity = evaluatePair(symbols, logs, i, j, tests, market.intervalMs, shouldStop);
    if (opportunity) found.push({ pair, opportunity });
  }
  return found;
}

const pairsWork: ChunkedWork<UnitStride, PairFind[]> = {
  plan(market, params, parts) {
    const m = seriesFor(market, params.symbols).length;
    return planStrides((m * (m - 1)) / 2, parts);
  },
  runChunk,
  // Back in pair order, as one loop over the pairs would have found them, before the ranking.
  reduce: (_market, _params, partials) => finalize(partials.flat().sort((a, b) => a.pair - b.pair).map((f) => f.opportunity)),
};

export const pairsTrading = chunkedStrategy(
  {
    id: ID,
    name: 'Pairs trading',
    description: 'Every pair screened by correlation, tested for Engle–Granger cointegration; trades a stretched spread back to its mean.',
    inputs: ['close'],
  },
  pairsWork,
);
