// Which code a result measured: the commit checked out and whether the working tree differed from it. A figure is only
// comparable with another when both say what they ran.
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from './paths.js';

export interface Provenance {
  /** The 40-hex commit checked out when the run started; null outside a git checkout (e.g. an unpacked tarball). */
  commit: string | null;
  /** Uncommitted changes or new files (what a run writes excluded): the figures may not be the commit's code. */
  dirty: boolean | null;
}

/**
 * Paths a benchmark run itself writes, and node_modules (a symlink in a git worktree, which .gitignore's `node_modules/`
 * does not match): changes there do not make the measured code differ from its commit.
 */
const NOT_MEASURED = ['bench/results', 'bench/report.html', 'docs/performance.md', 'docs/img', 'node_modules'];

function git(args: readonly string[], cwd = PROJECT_ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/** Read once per run, before the first suite writes anything. */
export function provenance(cwd = PROJECT_ROOT): Provenance {
  try {
    const commit = git(['rev-parse', 'HEAD'], cwd);
    const changed = git(['status', '--porcelain', '--untracked-files=normal', '--', '.', ...NOT_MEASURED.map((p) => `:(exclude)${p}`)], cwd);
    return { commit, dirty: changed.length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** The short form printed beside a result: `abc1234` (+ ", dirty"), or "commit unknown". */
export function provenanceLine(p: Partial<Provenance>): string {
  if (!p.commit) return 'commit unknown';
  return `commit ${p.commit.slice(0, 7)}${p.dirty ? ' + uncommitted changes' : ''}`;
}
