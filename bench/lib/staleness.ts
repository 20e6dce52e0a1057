// Whether a committed result still describes the code: it is stale when a commit that changed the measured code (src/,
// workers/, machines/) or the suite itself came after the commit it measured. Markdown there is prose (a suite's notes,
// bench/suites/scheduling/warm-start-note.md) and changes nothing a run measures.
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './paths.js';
import type { Provenance } from './provenance.js';

/** The code every suite measures, besides its own files. */
export const MEASURED_CODE = ['src', 'workers', 'machines'] as const;

/** A suite's own files: bench/suites/<name>.ts and its folder bench/suites/<name>/, when it has one. */
export const suitePaths = (suite: string): string[] => [`bench/suites/${suite}.ts`, `bench/suites/${suite}`];

/** What never makes a result stale, as a git pathspec. */
const NOT_MEASURED = ':(exclude,glob)**/*.md';

export type Freshness =
  | { state: 'current'; lastChange: string | null }
  | { state: 'stale'; lastChange: string; reason: string }
  | { state: 'unknown'; reason: string };

function git(args: readonly string[], cwd: string): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() };
  } catch {
    return { ok: false, out: '' };
  }
}

/** The last commit on HEAD that changed the measured code or the suite, or null when none did (or no git). */
export function lastChange(suite: string, cwd = PROJECT_ROOT): string | null {
  const { ok, out } = git(['log', '-1', '--format=%H', '--', ...MEASURED_CODE, ...suitePaths(suite), NOT_MEASURED], cwd);
  return ok && out ? out : null;
}

/** Current when the measured commit contains the last change to what it measures; stale otherwise. */
export function freshness(suite: string, result: Partial<Provenance>, cwd = PROJECT_ROOT): Freshness {
  if (!result.commit) return { state: 'unknown', reason: 'no commit recorded (measured before results said which)' };
  const last = lastChange(suite, cwd);
  if (!last) return { state: 'current', lastChange: null };
  if (!git(['cat-file', '-e', `${result.commit}^{commit}`], cwd).ok) return { state: 'unknown', reason: `commit ${result.commit.slice(0, 7)} is not in this repository` };
  if (git(['merge-base', '--is-ancestor', last, result.commit], cwd).ok) return { state: 'current', lastChange: last };
  // Later commits that leave what it measures as it was (a change and its revert) do not make it stale.
  if (git(['diff', '--quiet', result.commit, 'HEAD', '--', ...MEASURED_CODE, ...suitePaths(suite), NOT_MEASURED], cwd).ok) return { state: 'current', lastChange: last };
  return { state: 'stale', lastChange: last, reason: `${last.slice(0, 7)} changed the code or the suite after the measured ${result.commit.slice(0, 7)}` };
}

/** One phrase for tables: "current", "STALE (…)", "unknown (…)". */
export function freshnessLine(f: Freshness): string {
  if (f.state === 'current') return 'current';
  return f.state === 'stale' ? `STALE: ${f.reason}` : `STALE? ${f.reason}`;
}
