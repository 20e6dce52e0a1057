// The bounds every new scan is checked against. The engine owns the rule; src/config.ts fills it from the environment.
/** Limits a request is checked against (config.ts fills them from the environment; tests pass their own). */
export interface ScanLimits {
  defaultBudgetMs: number;
  maxBudgetMs: number;
  defaultStrategyTimeoutMs: number;
  /** Scans whose strategies are executing (state `running`). */
  maxRunningScans: number;
  /** Scans registered but waiting for a worker (state `initiated`). */
  maxQueuedScans: number;
}
