// The fourteen strategies, in the order the API lists them. The worker entry imports this module by URL; the HTTP
// layer lists it at GET /v1/strategies. docs/strategies.md describes each one.
import { complexStrategy } from './strategies/complex-strategy.js';
import { fundingArbitrage } from './strategies/funding-arbitrage.js';
import { futuresTrade } from './strategies/futures-trade.js';
import { hedgePosition } from './strategies/hedge-position.js';
import { marketMaking } from './strategies/market-making.js';
import { optionsTrade } from './strategies/options-trade.js';
import { pairsTrading } from './strategies/pairs-trading.js';
import { portfolioOptimization } from './strategies/portfolio-optimization.js';
import { riskManagement } from './strategies/risk-management.js';
import { scalpingStrategy } from './strategies/scalping-strategy.js';
import { spotBreakoutStrategy } from './strategies/spot-breakout-strategy.js';
import { spotMeanReversion } from './strategies/spot-mean-reversion.js';
import { spotMomentumStrategy } from './strategies/spot-momentum-strategy.js';
import { statisticalArbitrage } from './strategies/statistical-arbitrage.js';
import type { StrategyDefinition } from './strategy-types.js';

export const strategyCatalogue: readonly StrategyDefinition[] = Object.freeze([
  riskManagement,
  portfolioOptimization,
  spotMomentumStrategy,
  spotMeanReversion,
  spotBreakoutStrategy,
  scalpingStrategy,
  pairsTrading,
  statisticalArbitrage,
  marketMaking,
  futuresTrade,
  optionsTrade,
  fundingArbitrage,
  hedgePosition,
  complexStrategy,
]);

export const strategyIds: readonly string[] = Object.freeze(strategyCatalogue.map((s) => s.id));
