// The benchmark suite runs end to end at its smallest sizes: every suite writes its JSON with the machine it ran on and
// non-empty figures. No assertion is about speed (benchmarks are not tests); this only proves `npm run bench` works.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE_NAMES } from '../../bench/lib/options.js';
import type { WrittenReport } from '../../bench/lib/report.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/bench/run.js');
const RUN_LIMIT_MS = 420_000;

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Bounded: a hung suite fails the test instead of hanging the run. Generous: eleven suites at their smallest sizes
    // took 2–5 minutes on a 2-core machine with other work on it.
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run bench -- --tiny', () => {
  let outDir = '';
  let run: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (npm test builds; or npm run build)`);
    outDir = await mkdtemp(path.join(tmpdir(), 'bench-quick-'));
    run = await runBench(['--tiny', '--out', outDir]);
  }, RUN_LIMIT_MS + 10_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('exits 0 and prints a table per suite', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const name of SUITE_NAMES) expect(run.stdout).toContain(`### ${name} — `);
  });

  it.each(SUITE_NAMES)('writes %s.json with the commit, the machine block and non-empty figures', async (name) => {
    const report = JSON.parse(await readFile(path.join(outDir, `${name}.json`), 'utf8')) as WrittenReport;
    expect(report.suite).toBe(name);
    expect(report.mode).toBe('tiny');
    expect(report.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof report.dirty).toBe('boolean');
    expect(report.machine).toMatchObject({
      cpuModel: expect.any(String),
      cores: expect.any(Number),
      nodeVersion: process.version,
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(report.figures.filter((f) => f.n > 0).length).toBeGreaterThan(0);
    for (const f of report.figures) {
      // A figure measured nothing only as "no data" (JSON null), never as a made-up value.
      if (f.n === 0) for (const key of ['median', 'p99', 'max'] as const) expect(f[key], `${f.label} ${key}`).toBeNull();
      else for (const key of ['median', 'p99', 'max'] as const) expect(Number.isFinite(f[key]), `${f.label} ${key}`).toBe(true);
    }
    for (const t of report.targets) {
      if (t.noData) expect(t.met, t.label).toBe(false);
      else expect(Number.isFinite(t.value), t.label).toBe(true);
    }
  });

  it('rejects an unknown suite with a usage message', async () => {
    const bad = await runBench(['--only', 'nope', '--out', outDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown suite(s): nope');
  });
});
