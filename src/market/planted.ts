// Which symbols of a synthetic market carry which planted structure. Chosen by a seeded shuffle, so every seed puts the
// patterns on different names; the first symbol (BTC-USD) is kept plain as the market bellwether.
import { Rng } from '../../workers/indicators/prng.js';

export interface PlantedPair {
  leader: string;
  follower: string;
  /** log(follower) = a + hedgeRatio · log(leader) + OU spread. */
  hedgeRatio: number;
  halfLifeCandles: number;
}

/** What the generator put into the market, so tests (and curious readers) can check that strategies find it. */
export interface PlantedStructure {
  pairs: PlantedPair[];
  /** Low market beta, price mean-reverts around a slow level (Ornstein–Uhlenbeck idiosyncratic part). */
  meanReverting: string[];
  /** Idiosyncratic drift that persists for about a day (time-series momentum). */
  momentum: string[];
  /** Normal factor exposure, mean-reverting residual: what statistical arbitrage trades. */
  residualReverting: string[];
  /** A tight range in the last part of the history, broken on the last candles with a volume surge. */
  breakout: string[];
  richFunding: string[];
  negativeFunding: string[];
  /** Implied volatility well above the true volatility. */
  richVol: string[];
  /** Implied volatility well below it. */
  cheapVol: string[];
  wideSpread: string[];
}

export function assignRoles(symbols: readonly string[], seed: number): PlantedStructure {
  const rng = new Rng(seed ^ 0x51a7e);
  const count = symbols.length;
  const perRole = Math.max(1, Math.round(count / 12));
  const pool = shuffle(symbols.slice(1), rng);
  const take = (k: number): string[] => pool.splice(0, Math.min(k, pool.length));
  const pairSymbols = take(2 * Math.max(1, Math.round(count / 8)));
  const pairs: PlantedPair[] = [];
  for (let i = 0; i + 1 < pairSymbols.length; i += 2) {
    pairs.push({
      leader: pairSymbols[i] as string,
      follower: pairSymbols[i + 1] as string,
      hedgeRatio: 0.7 + 0.6 * rng.uniform(),
      halfLifeCandles: 30 + Math.floor(60 * rng.uniform()),
    });
  }
  const roles = {
    pairs,
    meanReverting: take(perRole),
    momentum: take(perRole),
    residualReverting: take(perRole),
    breakout: take(perRole),
  };
  // Derivative and microstructure roles are independent of the price roles: draw them from the whole universe.
  const funding = shuffle(symbols.slice(), rng);
  const vol = shuffle(symbols.slice(), rng);
  return {
    ...roles,
    richFunding: funding.slice(0, perRole),
    negativeFunding: funding.slice(perRole, perRole + Math.max(1, Math.floor(perRole / 2))),
    richVol: vol.slice(0, perRole),
    cheapVol: vol.slice(perRole, 2 * perRole),
    wideSpread: shuffle(symbols.slice(), rng).slice(0, perRole),
  };
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
