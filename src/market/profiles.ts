// Sizes of the synthetic market. `default` is sized so that a full 14-strategy scan costs about 1–3 s of single-thread
// CPU on a 2-core CI machine; `heavy` about ten times that (benchmarks); `tiny` keeps unit tests fast.
// docs/strategies.md has the measured figures.

export type MarketProfile = 'tiny' | 'default' | 'heavy';

export interface ProfileSize {
  symbols: number;
  candles: number;
  intervalMs: number;
}

export const PROFILES: Readonly<Record<MarketProfile, ProfileSize>> = {
  tiny: { symbols: 8, candles: 1_500, intervalMs: 300_000 },
  default: { symbols: 24, candles: 8_640, intervalMs: 300_000 },
  heavy: { symbols: 80, candles: 30_240, intervalMs: 300_000 },
};
