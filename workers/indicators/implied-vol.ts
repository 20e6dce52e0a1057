// Implied volatility: the σ at which Black–Scholes reproduces a quoted price, by Newton's method
//   σ_{k+1} = σ_k − (BS(σ_k) − price) / vega(σ_k)
// started from the Brenner–Subrahmanyam guess σ₀ = √(2π/T)·price/S and kept inside a bracket that shrinks with every
// step (a bisection step replaces any Newton step that leaves it), so deep in- or out-of-the-money quotes still converge.
import { bsPrice, bsVega, type OptionSpec } from './black-scholes.js';

const MIN_VOL = 1e-4;
const MAX_VOL = 10;

/** σ for the quoted price, or NaN if the price is outside the no-arbitrage bounds. */
export function impliedVol(o: OptionSpec, price: number): number {
  const discount = o.strike * Math.exp(-o.rate * o.years);
  const intrinsic = o.kind === 'call' ? Math.max(o.spot - discount, 0) : Math.max(discount - o.spot, 0);
  const upperBound = o.kind === 'call' ? o.spot : discount;
  if (!(price > intrinsic && price < upperBound) || o.years <= 0) return Number.NaN;
  let low = MIN_VOL;
  let high = MAX_VOL;
  let sigma = Math.min(Math.max(Math.sqrt((2 * Math.PI) / o.years) * (price / o.spot), 0.05), 3);
  for (let iteration = 0; iteration < 100; iteration++) {
    const diff = bsPrice(o, sigma) - price;
    if (diff === 0) return sigma;
    if (diff > 0) high = sigma;
    else low = sigma;
    const vega = bsVega(o, sigma);
    let next = vega > 0 ? sigma - diff / vega : Number.NaN;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    // Converged when the step (Newton's or the bracket's) no longer moves σ in its 12th significant digit.
    if (Math.abs(next - sigma) <= 1e-12 * sigma) return next;
    sigma = next;
  }
  return sigma;
}
