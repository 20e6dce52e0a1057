// The report and compare commands on small fixture results (test/bench/support/fixture-results.ts), run as a user runs
// them: the compiled commands in a child process. Compare exits 1 naming a target that got worse beyond its spread, 0
// for identical folders and for a change within the spread; the report is one self-contained page with a chart per suite.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureResults, type FixtureRun } from './support/fixture-results.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = path.join(ROOT, 'dist/bench', script);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm test builds; or npm run build)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Per-round a/b ratios 1.0–1.2 (median 1.1): the baseline every other folder is compared with. */
const BASELINE: FixtureRun = { aOverB: [1.0, 1.1, 1.2], budgets: true };
const TARGET = 'a/b ≤ 2 (median of per-round ratios)';

describe('bench:compare and bench:report on fixture results', () => {
  let tmp = '';
  const dir = (name: string): string => path.join(tmp, name);

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'bench-compare-'));
    await writeFixtureResults(dir('a'), BASELINE);
    await writeFixtureResults(dir('same'), BASELINE);
    // Worse beyond the spread: 1.5–1.7 does not overlap 1.0–1.2 (and still meets its target: it is the change that counts).
    await writeFixtureResults(dir('worse'), { ...BASELINE, aOverB: [1.5, 1.6, 1.7] });
    // Worse, but within the spread: 1.1–1.25 overlaps 1.0–1.2.
    await writeFixtureResults(dir('noise'), { ...BASELINE, aOverB: [1.1, 1.15, 1.25] });
    // Better beyond the spread.
    await writeFixtureResults(dir('better'), { ...BASELINE, aOverB: [0.7, 0.75, 0.8] });
    // The scheduling suite measured no budget: its target has no data.
    await writeFixtureResults(dir('empty'), { ...BASELINE, budgets: false });
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('exits 0 for identical folders and says no target got worse', async () => {
    const out = await run('compare.js', [dir('a'), dir('same')]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('No target got worse beyond its spread.');
    expect(out.stdout).toMatch(/a\/b ≤ 2 \(median of per-round ratios\) \(≤ 2\.00\).*1\.10 \[1\.00–1\.20\].*1\.10 \[1\.00–1\.20\].*1\.00×.*met → met.*within spread/);
  });

  it('exits 1 and names the target when it got worse beyond its spread', async () => {
    const out = await run('compare.js', [dir('a'), dir('worse')]);
    expect(out.code, out.stdout).toBe(1);
    expect(out.stdout).toContain('1 target(s) got worse beyond their spread:');
    expect(out.stdout).toContain(`- dispatch: ${TARGET}: 1.10 → 1.60`);
  });

  it('exits 0 when the change stays within the spread, or is an improvement', async () => {
    for (const b of ['noise', 'better']) {
      const out = await run('compare.js', [dir('a'), dir(b)]);
      expect(out.code, `${b}: ${out.stdout}`).toBe(0);
    }
    expect((await run('compare.js', [dir('a'), dir('better')])).stdout).toContain('better beyond spread');
  });

  it('exits 1 when B has no data for a target A could check', async () => {
    const out = await run('compare.js', [dir('a'), dir('empty')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('- scheduling: (a) warm engine ≥ 0.5 × optimum at every budget (lowest ratio): 0.800 → no data');
  });

  it('exits 2 with a usage message without two folders', async () => {
    const out = await run('compare.js', [dir('a')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('usage: npm run bench:compare');
  });

  it('writes one self-contained report: the chart library inlined, a chart per suite, targets with their outcome', async () => {
    const file = path.join(tmp, 'report.html');
    const out = await run('report.js', [dir('a'), '--out', file]);
    expect(out.code, out.stderr).toBe(0);
    const html = await readFile(file, 'utf8');
    // Nothing loaded from elsewhere (the library's licence banner names its home page, which is text, not a load).
    expect(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(/.test(html), 'an outside load in the page').toBe(false);
    expect(html.includes("default-src 'none'"), 'the page forbids outside loads').toBe(true);
    expect(html.includes('Chart.js v4'), 'Chart.js inlined').toBe(true);
    for (const suite of ['dispatch', 'scheduling']) {
      const section = html.slice(html.indexOf(`<section class="suite" id="suite-${suite}"`));
      expect(section.slice(0, section.indexOf('</section>')), suite).toMatch(new RegExp(`<canvas id="${suite}-`));
    }
    expect(html).toContain('<canvas id="scheduling-a-heavy-market-fixture-succeeded-strategies">');
    expect(html).toMatch(/data-outcome="met"><td>a\/b ≤ 2/);
  });

  it('shows a target with nothing measured as "no data" in the report, never as met', async () => {
    const file = path.join(tmp, 'report-empty.html');
    expect((await run('report.js', [dir('empty'), '--out', file])).code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).toMatch(/data-outcome="no data"><td>\(a\) warm engine ≥ 0\.5/);
    expect(html).toContain('No data to chart');
  });
});
