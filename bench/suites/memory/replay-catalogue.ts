// Memory suite: a strategy catalogue that returns what the real strategies found in one recorded real scan (the JSON file
// named by BENCH_REPLAY_FILE: strategy id → opportunities). Hundreds of scans holding real results can then be retained
// and weighed without running the real strategies hundreds of times; what a retained scan weighs depends on what it
// holds, not on how it was computed. Loaded by the pool's workers in place of the real catalogue.
import { readFileSync } from 'node:fs';
import type { Opportunity } from '../../../machines/opportunity.js';
import type { StrategyDefinition } from '../../../workers/strategy-types.js';
import { REPLAY_FILE_ENV } from './replay-file.js';

function recorded(): Record<string, Opportunity[]> {
  const file = process.env[REPLAY_FILE_ENV];
  if (!file) throw new Error(`${REPLAY_FILE_ENV} is not set: the replay catalogue has nothing to replay`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Opportunity[]>;
}

export const strategyCatalogue: readonly StrategyDefinition[] = Object.entries(recorded()).map(([id, found]) => ({
  id,
  name: id,
  description: `replays what ${id} found in a recorded real scan`,
  inputs: [],
  run: () => found,
}));
