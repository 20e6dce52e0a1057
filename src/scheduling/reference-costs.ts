// Each strategy's single-thread cost on the synthetic default and heavy markets (seed 1, demo portfolio): median of 5
// runs after one warm-up run, CPU and wall ms, and the longest stretch of work between two stop-checks. The one copy of
// these figures: the first cost guess (src/scheduling/cost-guess.ts) reads them, and the table in docs/strategies.md is
// rendered from them (test/docs/strategy-costs.test.ts keeps it so). Written by `npx tsx bench/strategy-timing.ts --write`,
// which re-measures: change them by measuring, not by hand.

export interface StrategyTiming {
  cpuMs: number;
  wallMs: number;
  longestGapMs: number;
}

/** The markets measured, in table order. */
export const TIMED_PROFILES = ['default', 'heavy'] as const;
export type TimedProfile = (typeof TIMED_PROFILES)[number];

export const REFERENCE_TIMINGS: Readonly<Record<string, Readonly<Record<TimedProfile, StrategyTiming>>>> = {
  risk_management: { default: { cpuMs: 171, wallMs: 171, longestGapMs: 3.92 }, heavy: { cpuMs: 606, wallMs: 599, longestGapMs: 2.68 } },
  portfolio_optimization: { default: { cpuMs: 220, wallMs: 221, longestGapMs: 2.35 }, heavy: { cpuMs: 1606, wallMs: 1606, longestGapMs: 6.57 } },
  spot_momentum_strategy: { default: { cpuMs: 22, wallMs: 22, longestGapMs: 0.33 }, heavy: { cpuMs: 255, wallMs: 255, longestGapMs: 5.60 } },
  spot_mean_reversion: { default: { cpuMs: 7, wallMs: 7, longestGapMs: 0.31 }, heavy: { cpuMs: 28, wallMs: 28, longestGapMs: 0.24 } },
  spot_breakout_strategy: { default: { cpuMs: 5, wallMs: 5, longestGapMs: 1.46 }, heavy: { cpuMs: 87, wallMs: 87, longestGapMs: 4.27 } },
  scalping_strategy: { default: { cpuMs: 35, wallMs: 35, longestGapMs: 0.93 }, heavy: { cpuMs: 392, wallMs: 395, longestGapMs: 2.60 } },
  pairs_trading: { default: { cpuMs: 29, wallMs: 29, longestGapMs: 0.40 }, heavy: { cpuMs: 1728, wallMs: 1785, longestGapMs: 2.83 } },
  statistical_arbitrage: { default: { cpuMs: 9, wallMs: 9, longestGapMs: 1.89 }, heavy: { cpuMs: 71, wallMs: 71, longestGapMs: 1.31 } },
  market_making: { default: { cpuMs: 38, wallMs: 38, longestGapMs: 0.61 }, heavy: { cpuMs: 499, wallMs: 500, longestGapMs: 2.33 } },
  futures_trade: { default: { cpuMs: 3, wallMs: 3, longestGapMs: 0.16 }, heavy: { cpuMs: 27, wallMs: 27, longestGapMs: 1.40 } },
  options_trade: { default: { cpuMs: 23, wallMs: 23, longestGapMs: 0.91 }, heavy: { cpuMs: 177, wallMs: 177, longestGapMs: 0.50 } },
  funding_arbitrage: { default: { cpuMs: 3, wallMs: 3, longestGapMs: 0.15 }, heavy: { cpuMs: 20, wallMs: 19, longestGapMs: 0.58 } },
  hedge_position: { default: { cpuMs: 2, wallMs: 2, longestGapMs: 0.31 }, heavy: { cpuMs: 17, wallMs: 17, longestGapMs: 4.52 } },
  complex_strategy: { default: { cpuMs: 700, wallMs: 731, longestGapMs: 0.80 }, heavy: { cpuMs: 6733, wallMs: 6779, longestGapMs: 11.93 } },
};
