// Whether two runs' values of one figure or target differ by more than noise: each run's value widened by its own
// run-to-run spread (the lowest and highest per-round value it recorded); the change counts only when the two ranges
// do not overlap. Without a recorded spread on either side nothing is claimed.
import type { Spread } from '../lib/report.js';

export interface Side {
  /** null or NaN: nothing was measured (JSON stores NaN as null). */
  value: number | null;
  spread?: Spread | undefined;
}

export type Verdict = 'beyond spread' | 'within spread' | 'no spread' | 'no data';

export interface Judgement {
  /** B ÷ A; null when either is missing or A is 0. */
  ratio: number | null;
  verdict: Verdict;
}

const measured = (x: number | null): x is number => typeof x === 'number' && Number.isFinite(x);

function range(side: Side & { value: number }): [number, number] {
  if (!side.spread) return [side.value, side.value];
  return [Math.min(side.spread.low, side.value), Math.max(side.spread.high, side.value)];
}

export function judge(a: Side, b: Side): Judgement {
  if (!measured(a.value) || !measured(b.value)) return { ratio: null, verdict: 'no data' };
  const ratio = a.value === 0 ? null : b.value / a.value;
  if (!a.spread && !b.spread) return { ratio, verdict: 'no spread' };
  const [aLow, aHigh] = range({ ...a, value: a.value });
  const [bLow, bHigh] = range({ ...b, value: b.value });
  return { ratio, verdict: aHigh < bLow || bHigh < aLow ? 'beyond spread' : 'within spread' };
}

/** For a target: did B move the wrong way (away from meeting it)? */
export function movedWorse(comparator: '<=' | '>=', a: number, b: number): boolean {
  return comparator === '<=' ? b > a : b < a;
}
