// The compiled CLI end to end: in-process (tiny market, fixture strategies) and against a server with --url; progress
// on stderr, tables or JSON on stdout, and its exit codes.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledPath } from '../../src/compiled-path.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { fixtureCatalogueUrl } from '../support/engine.js';
import { createHarness, listen, warmUp, type Harness, type Listening } from '../http/support/harness.js';
import { testStateDir } from '../support/state-dir.js';

const state = testStateDir('scan-cli');
afterAll(() => state.remove());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (a --url run talks to a server in this very process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [compiledPath('src/cli/scan-cli'), ...args], {
    env: { ...process.env, SCANNER_MARKET_PROFILE: 'tiny', SCANNER_CATALOGUE_URL: fixtureCatalogueUrl, SCANNER_THREADS: '2', SCANNER_STATE_DIR: state.path, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run scan (in-process)', () => {
  it('bad arguments print the usage and exit 2', async () => {
    for (const args of [['--budget', 'soon'], ['--nope'], ['extra']]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('Usage: npm run scan');
      expect(run.stdout).toBe('');
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--strategies');
  });

  it('an unknown strategy is a usage error naming the valid ones', async () => {
    const run = await cli(['--strategies', 'fast,moon_phase']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown strategies: moon_phase');
    expect(run.stderr).toContain('valid strategies: fast, fast_b');
  });

  it('shows progress on stderr, then the tables', async () => {
    const run = await cli(['--strategies', 'fast,fast_b,throws', '--budget', '5000']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Scanning in-process on the synthetic tiny market');
    expect(run.stderr).toMatch(/strategies .* 3\/3 settled/);
    expect(run.stderr).toMatch(/time .*s \/ 5\.0s · partial/);
    expect(run.stdout).toMatch(/Scan \S+: partial in/);
    expect(run.stdout).toContain('Top opportunities');
    expect(run.stdout).toMatch(/│ +1 │ fast_b +│/);
    expect(run.stdout).toMatch(/│ throws +│ failed +│.*STRATEGY_FAILED/);
  });

  it('--json prints the final snapshot; a failed scan exits 1', async () => {
    const ok = await cli(['--strategies', 'fast', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ state: 'complete', done: true, userId: 'cli' });
    const failed = await cli(['--strategies', 'throws', '--json']);
    expect(failed.code).toBe(1);
    expect((JSON.parse(failed.stdout) as ScanSnapshot).state).toBe('failed');
  });
});

describe('npm run scan --url', () => {
  let h: Harness;
  let server: Listening;
  beforeAll(async () => {
    h = createHarness({ SCANNER_TOKENS: 'tok-cli-0001:cli-user' });
    await warmUp(h);
    server = await listen(h);
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('drives the server: the scan belongs to the token user and runs to its end', async () => {
    const run = await cli(['--url', server.url, '--token', 'tok-cli-0001', '--strategies', 'slow,fast', '--json']);
    expect(run.code).toBe(0);
    const final = JSON.parse(run.stdout) as ScanSnapshot;
    expect(final).toMatchObject({ userId: 'cli-user', state: 'complete' });
    expect(h.service.registry.ownerOf(final.id)).toBe('cli-user');
    expect(run.stderr).toContain(`Scanning via ${server.url}`);
  });

  it("reports the server's validation errors as usage errors (exit 2), and auth failures as errors (exit 1)", async () => {
    const bad = await cli(['--url', server.url, '--token', 'tok-cli-0001', '--strategies', 'moon_phase']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('UNKNOWN_STRATEGY');
    const unauthorized = await cli(['--url', server.url, '--token', 'wrong']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toContain('401 UNAUTHORIZED');
  });
});
