// The README's examples run as printed: the ten-line client example against a real server (the compiled service as a
// child process, real strategies on the tiny market), and the CLI's JSON example writes JSON and nothing else.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../bench/lib/child-server.js';
import { compiledPath } from '../../src/compiled-path.js';
import { fixtureCatalogueUrl } from '../support/engine.js';
import { testStateDir } from '../support/state-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const state = testStateDir('readme');
afterAll(() => state.remove());

function run(command: string, args: string[], env: Record<string, string> = {}, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the client example', () => {
  let server: ChildServer;
  beforeAll(async () => {
    server = await startChildServer({
      label: 'README example server',
      script: compiledPath('src/main'),
      env: { PORT: '0', SCANNER_MARKET_PROFILE: 'tiny', SCANNER_CALIBRATION: 'off', SCANNER_THREADS: '1', SCANNER_LOG_LEVEL: 'warn' },
      readyPath: '/healthz',
      readyTimeoutMs: 30_000,
    });
  }, 60_000);
  afterAll(() => server?.stop(10_000));

  it('is at most ten lines and runs as printed against a server, through the package entry', async () => {
    const example = /<!-- readme:client-example:start -->\n```js\n([\s\S]*?)```\n<!-- readme:client-example:end -->/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect((example as string).trim().split('\n').length).toBeLessThanOrEqual(10);
    // Only the address differs: the test server listens on a free port.
    const code = (example as string).replace('http://127.0.0.1:3000', server.url);
    expect(code).not.toBe(example);
    const result = await run(process.execPath, ['--input-type=module', '-'], {}, code);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [started, outcome] = result.stdout.split('\n');
    expect(started).toMatch(/^scan \S+ started$/);
    expect(outcome).toMatch(/^(complete|partial): \d+ opportunities$/);
  });
});

describe('the CLI JSON example', () => {
  it('npm run --silent scan -- --json writes the final snapshot as JSON alone', async () => {
    const command = /^(npm run --silent scan -- --json) > scan\.json/m.exec(readme)?.[1];
    expect(command).toBe('npm run --silent scan -- --json');
    const [npm, ...args] = (command as string).split(' ');
    const result = await run(npm as string, [...args, '--strategies', 'fast,fast_b', '--budget', '5000'], {
      SCANNER_MARKET_PROFILE: 'tiny',
      SCANNER_CATALOGUE_URL: fixtureCatalogueUrl,
      SCANNER_THREADS: '1',
      SCANNER_CALIBRATION: 'off',
      SCANNER_STATE_DIR: state.path,
    });
    expect(result.code, result.stderr).toBe(0);
    const snapshot = JSON.parse(result.stdout) as { done: boolean; state: string };
    expect(snapshot).toMatchObject({ done: true, state: 'complete' });
  }, 120_000);
});
