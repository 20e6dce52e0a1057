// Correlated log-price paths from a factor model with volatility regimes:
//   r_i,t = μ_i + β_i·f_t + γ_i·g_{s(i),t} + idiosyncratic_i,t,   f ~ N(0, σ_m·v_t), g_s ~ N(0, σ_s·v_t)
// where v_t is a market-wide volatility multiplier: a 3-state Markov regime (calm / normal / turbulent) times an
// intraday seasonality. The idiosyncratic part is a random walk, except for symbols with a planted role:
//   momentum          — plus a persistent drift (AR(1) with a one-day half-life);
//   meanReverting     — an Ornstein–Uhlenbeck process instead of a walk, factor exposure cut to a tenth;
//   residualReverting — an OU process (six-hour half-life, twice the usual shocks), normal factor exposure;
//   breakout          — a tight OU range over the last part of the history, broken on the last three candles;
//   pair followers    — log p_B = a + h·log p_A + OU spread (cointegrated with the leader).
// Mean-reverting, residual and first-pair spreads are nudged 2.5–3.5 standard deviations out on the last candles so that
// the default market has live signals to find, not only historical structure.
import { Rng } from '../../workers/indicators/prng.js';
import type { PlantedStructure } from './planted.js';
import type { SymbolSpec } from './symbols.js';

const YEAR_MS = 365 * 24 * 3_600_000;
const REGIME_SCALE = [0.65, 1, 1.7];
const SECTORS = 4;

export interface PricePaths {
  logMid: Float64Array[];
  /** Market-wide volatility multiplier per candle (regime × intraday seasonality). */
  volScale: Float64Array;
  /** Per-candle total volatility of each symbol at volScale 1. */
  baseVol: Float64Array;
  /** Candles from the end over which the planted breakout happens (volume surges there). */
  breakoutCandles: number;
}

interface Dynamics {
  kind: 'walk' | 'momentum' | 'meanReverting' | 'residualReverting' | 'breakout';
  /** Scales both factor loadings. */
  exposure: number;
  beta: number;
  sector: number;
  sectorLoading: number;
  idioVol: number;
  drift: number;
}

export function simulatePaths(specs: readonly SymbolSpec[], candles: number, intervalMs: number, roles: PlantedStructure, rng: Rng): PricePaths {
  const perCandle = Math.sqrt(intervalMs / YEAR_MS);
  const candlesPerDay = Math.round(86_400_000 / intervalMs);
  const index = new Map(specs.map((s, i) => [s.symbol, i]));
  const dynamics: Dynamics[] = specs.map((s, i) => {
    const kind = kindOf(s.symbol, roles);
    return {
      kind,
      exposure: kind === 'meanReverting' ? 0.1 : 1,
      beta: 0.6 + 0.8 * rng.uniform(),
      sector: i % SECTORS,
      sectorLoading: 0.5 + 0.4 * rng.uniform(),
      idioVol: (0.25 + 0.3 * rng.uniform()) * perCandle,
      drift: 0.2 * rng.normal() * perCandle * perCandle,
    };
  });
  const volScale = regimeScale(candles, intervalMs, candlesPerDay, rng);
  const breakoutStart = candles - Math.min(480, Math.floor(candles / 3)) - 3;
  const { factorWalk, idio } = walkFactors(specs, dynamics, volScale, { perCandle, candlesPerDay, breakoutStart }, rng);
  const logMid = factorWalk.map((walk, i) => {
    const own = idio[i] as Float64Array;
    const path = new Float64Array(candles);
    for (let t = 0; t < candles; t++) path[t] = (walk[t] as number) + (own[t] as number);
    return path;
  });
  plantBreakouts(logMid, roles.breakout, index, dynamics);
  nudgeEnds(logMid, idio, roles.meanReverting, index, 6, 2.5);
  nudgeEnds(logMid, idio, roles.residualReverting, index, Math.floor(candlesPerDay / 4), 3.5);
  plantPairs(logMid, specs, roles, index, rng);
  return { logMid, volScale, baseVol: Float64Array.from(logMid, (path) => realisedVol(path, volScale)), breakoutCandles: 3 };
}

function kindOf(symbol: string, roles: PlantedStructure): Dynamics['kind'] {
  if (roles.momentum.includes(symbol)) return 'momentum';
  if (roles.meanReverting.includes(symbol)) return 'meanReverting';
  if (roles.residualReverting.includes(symbol)) return 'residualReverting';
  if (roles.breakout.includes(symbol)) return 'breakout';
  return 'walk';
}

interface WalkSettings {
  perCandle: number;
  candlesPerDay: number;
  breakoutStart: number;
}

/** The factor part (random walks driven by market and sector shocks) and the idiosyncratic part of each log price. */
function walkFactors(specs: readonly SymbolSpec[], dynamics: readonly Dynamics[], volScale: Float64Array, settings: WalkSettings, rng: Rng) {
  const candles = volScale.length;
  const n = specs.length;
  const marketVol = 0.4 * settings.perCandle;
  const sectorVol = 0.35 * settings.perCandle;
  const factorWalk = specs.map((s) => new Float64Array(candles).fill(Math.log(s.startPrice)));
  const idio = specs.map(() => new Float64Array(candles));
  const momentumDrift = new Float64Array(n);
  const phi = (halfLife: number): number => Math.exp(-Math.LN2 / halfLife);
  const [phiRange, phiFast, phiResidual, phiDay] = [phi(24), phi(36), phi(settings.candlesPerDay / 4), phi(settings.candlesPerDay)];
  const sector = new Float64Array(SECTORS);
  for (let t = 1; t < candles; t++) {
    const v = volScale[t] as number;
    const market = marketVol * v * rng.normal();
    for (let s = 0; s < SECTORS; s++) sector[s] = sectorVol * v * rng.normal();
    for (let i = 0; i < n; i++) {
      const d = dynamics[i] as Dynamics;
      const walk = factorWalk[i] as Float64Array;
      const own = idio[i] as Float64Array;
      const consolidating = d.kind === 'breakout' && t >= settings.breakoutStart;
      const exposure = consolidating ? 0.1 : d.exposure;
      walk[t] = (walk[t - 1] as number) + d.drift + exposure * (d.beta * market + d.sectorLoading * (sector[d.sector] as number));
      const shock = d.idioVol * v * rng.normal();
      const previous = own[t - 1] as number;
      if (consolidating) own[t] = previous * phiRange + 0.5 * shock;
      else if (d.kind === 'meanReverting') own[t] = previous * phiFast + shock;
      else if (d.kind === 'residualReverting') own[t] = previous * phiResidual + 2 * shock;
      else if (d.kind === 'momentum') {
        momentumDrift[i] = (momentumDrift[i] as number) * phiDay + 0.012 * d.idioVol * rng.normal();
        own[t] = previous + (momentumDrift[i] as number) + shock;
      } else own[t] = previous + shock;
    }
  }
  return { factorWalk, idio };
}

/** Regime multiplier (Markov chain, ~1.5-day mean stay) × intraday seasonality peaking mid-afternoon UTC. */
function regimeScale(candles: number, intervalMs: number, candlesPerDay: number, rng: Rng): Float64Array {
  const out = new Float64Array(candles);
  let regime = 1;
  const switchProbability = 1 / (1.5 * candlesPerDay);
  for (let t = 0; t < candles; t++) {
    if (rng.uniform() < switchProbability) regime = (regime + 1 + rng.int(2)) % REGIME_SCALE.length;
    const hour = ((t * intervalMs) / 3_600_000) % 24;
    out[t] = (REGIME_SCALE[regime] as number) * (1 + 0.25 * Math.cos((2 * Math.PI * (hour - 15)) / 24));
  }
  return out;
}

/** Last three candles jump out of the consolidation range: up for even-numbered breakout symbols, down for odd. */
function plantBreakouts(logMid: Float64Array[], symbols: readonly string[], index: Map<string, number>, dynamics: Dynamics[]): void {
  symbols.forEach((symbol, k) => {
    const i = index.get(symbol) as number;
    const path = logMid[i] as Float64Array;
    const step = (k % 2 === 0 ? 1 : -1) * 5 * (dynamics[i] as Dynamics).idioVol;
    for (let j = 3; j >= 1; j--) {
      for (let t = path.length - j; t < path.length; t++) path[t] = (path[t] as number) + step;
    }
  });
}

/** Ramps each listed symbol's OU component to ±`sds` of its standard deviation over the last `rampCandles`. */
function nudgeEnds(logMid: Float64Array[], idio: Float64Array[], symbols: readonly string[], index: Map<string, number>, rampCandles: number, sds: number): void {
  symbols.forEach((symbol, k) => {
    const i = index.get(symbol) as number;
    const own = idio[i] as Float64Array;
    const path = logMid[i] as Float64Array;
    const ramp = Math.max(1, Math.min(rampCandles, Math.floor(path.length / 20)));
    const sd = rms(own, 0, path.length - ramp);
    const last = own[path.length - 1] as number;
    const shift = (k % 2 === 0 ? sds : -sds) * sd - last;
    for (let j = 0; j < ramp; j++) {
      const t = path.length - ramp + j;
      path[t] = (path[t] as number) + (shift * (j + 1)) / ramp;
    }
  });
}

/** Followers: log p_B = a + h·log p_A + OU spread (1 % equilibrium sd); the first pair ends at +2.5 sd. */
function plantPairs(logMid: Float64Array[], specs: readonly SymbolSpec[], roles: PlantedStructure, index: Map<string, number>, rng: Rng): void {
  roles.pairs.forEach((pair, k) => {
    const leader = logMid[index.get(pair.leader) as number] as Float64Array;
    const f = index.get(pair.follower) as number;
    const phi = Math.exp(-Math.LN2 / pair.halfLifeCandles);
    const eqSd = 0.01;
    const shockSd = eqSd * Math.sqrt(1 - phi * phi);
    const a = Math.log((specs[f] as SymbolSpec).startPrice) - pair.hedgeRatio * (leader[0] as number);
    const follower = logMid[f] as Float64Array;
    let spread = 0;
    const tail = k === 0 ? Math.min(pair.halfLifeCandles, Math.floor(leader.length / 10)) : 0;
    for (let t = 0; t < leader.length; t++) {
      spread = spread * phi + shockSd * rng.normal();
      if (t >= leader.length - tail) spread += (2.5 * eqSd - spread) / Math.max(leader.length - t, 1);
      follower[t] = a + pair.hedgeRatio * (leader[t] as number) + spread;
    }
  });
}

/** Per-candle volatility of a log path with the regime/seasonal multiplier divided out. */
function realisedVol(path: Float64Array, volScale: Float64Array): number {
  let sum = 0;
  for (let t = 1; t < path.length; t++) sum += (((path[t] as number) - (path[t - 1] as number)) / (volScale[t] as number)) ** 2;
  return Math.sqrt(sum / Math.max(path.length - 1, 1));
}

function rms(x: Float64Array, from: number, to: number): number {
  let mean = 0;
  const start = Math.max(from, 0);
  for (let t = start; t < to; t++) mean += x[t] as number;
  mean /= to - start;
  let sum = 0;
  for (let t = start; t < to; t++) sum += ((x[t] as number) - mean) ** 2;
  return Math.sqrt(sum / (to - start));
}
