// Black–Scholes(–Merton) European option pricing on a non-dividend underlying:
//   d1 = [ln(S/K) + (r + σ²/2)·T] / (σ√T),  d2 = d1 − σ√T
//   call = S·Φ(d1) − K·e^{−rT}·Φ(d2),  put = K·e^{−rT}·Φ(−d2) − S·Φ(−d1)
//   vega = S·φ(d1)·√T (per unit of σ), delta_call = Φ(d1), delta_put = Φ(d1) − 1.
// T in years, σ and r annualised.
import { normCdf, normPdf } from './normal.js';

export type OptionKind = 'call' | 'put';

export interface OptionSpec {
  kind: OptionKind;
  spot: number;
  strike: number;
  years: number;
  rate: number;
}

function d1(o: OptionSpec, sigma: number): number {
  return (Math.log(o.spot / o.strike) + (o.rate + 0.5 * sigma * sigma) * o.years) / (sigma * Math.sqrt(o.years));
}

export function bsPrice(o: OptionSpec, sigma: number): number {
  const discount = o.strike * Math.exp(-o.rate * o.years);
  if (sigma <= 0 || o.years <= 0) {
    return o.kind === 'call' ? Math.max(o.spot - discount, 0) : Math.max(discount - o.spot, 0);
  }
  const a = d1(o, sigma);
  const b = a - sigma * Math.sqrt(o.years);
  return o.kind === 'call' ? o.spot * normCdf(a) - discount * normCdf(b) : discount * normCdf(-b) - o.spot * normCdf(-a);
}

export function bsVega(o: OptionSpec, sigma: number): number {
  if (sigma <= 0 || o.years <= 0) return 0;
  return o.spot * normPdf(d1(o, sigma)) * Math.sqrt(o.years);
}

export function bsDelta(o: OptionSpec, sigma: number): number {
  const callDelta = normCdf(d1(o, sigma));
  return o.kind === 'call' ? callDelta : callDelta - 1;
}
