// Command-line options of `npm run bench` and the per-mode sizes suites pick from.
import path from 'node:path';
import { RESULTS_DIR } from './paths.js';

/** full: the published figures (< 5 min); quick: a smoke run (< 60 s); tiny: the smallest sizes, for the test suite. */
export type BenchMode = 'full' | 'quick' | 'tiny';

export const SUITE_NAMES = ['strategies', 'scaling', 'dispatch', 'data-sharing', 'deadline', 'scheduling', 'status-latency', 'throughput', 'refusals', 'memory', 'cluster'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface BenchOptions {
  mode: BenchMode;
  only: SuiteName[];
  outDir: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run bench [-- [--quick | --tiny] [--only ${SUITE_NAMES.join(',')}] [--out DIR]]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let mode: BenchMode = 'full';
  let only: SuiteName[] = [...SUITE_NAMES];
  let outDir = RESULTS_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--quick') mode = mode === 'tiny' ? 'tiny' : 'quick';
    else if (flag === '--tiny') mode = 'tiny';
    else if (flag === '--out') outDir = path.resolve(value());
    else if (flag === '--only') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SUITE_NAMES as readonly string[]).includes(n));
      if (unknown.length) throw new UsageError(`unknown suite(s): ${unknown.join(', ')}\n${USAGE}`);
      only = SUITE_NAMES.filter((n) => names.includes(n));
    } else throw new UsageError(`unknown option ${arg}\n${USAGE}`);
  }
  return { mode, only, outDir };
}

