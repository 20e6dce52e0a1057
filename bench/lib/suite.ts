// What a suite is to the runner.
import type { BenchMode, SuiteName } from './options.js';
import type { SuiteReport } from './report.js';

/** Figures one suite measured that a later suite of the same run may reuse (pairs stay within one run). */
export interface SharedFigures {
  /** Median single-thread in-process ms of each real strategy, by market profile, from the strategies suite. */
  singleThreadMs?: Map<string, ReadonlyMap<string, number>>;
}

export interface SuiteContext {
  mode: BenchMode;
  shared: SharedFigures;
  /** Progress lines go to stderr so stdout stays the tables. */
  log(message: string): void;
}

export interface Suite {
  name: SuiteName;
  title: string;
  run(ctx: SuiteContext): Promise<SuiteReport>;
}
