// `npm start` is how the README and a supervisor run the service: a SIGTERM to its whole process group must end in the
// graceful shutdown and exit 0 — not in npm and a shell dying at once while the server is still closing. The start
// script `exec`s node (npm's child is the server itself) and the server treats the copy of the signal npm forwards as
// the same request (src/main.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { fixtureCatalogueUrl } from './support/engine.js';
import { testStateDir } from './support/state-dir.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const state = testStateDir('npm-start');
afterAll(() => state.remove());

it('npm start under a process-group SIGTERM exits 0 after "shutdown complete"', async () => {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group, as a supervisor or a terminal runs it
    env: { ...process.env, PORT: '0', SCANNER_MARKET_PROFILE: 'tiny', SCANNER_CALIBRATION: 'off', SCANNER_THREADS: '1', SCANNER_CATALOGUE_URL: fixtureCatalogueUrl, SCANNER_LOG_LEVEL: 'info', SCANNER_STATE_DIR: state.path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const messages: string[] = [];
  let signalled = false;
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) {
      if (!line.startsWith('{')) continue;
      const message = (JSON.parse(line) as { msg: string }).msg;
      messages.push(message);
      if (message === 'listening' && !signalled) {
        signalled = true;
        process.kill(-(child.pid as number), 'SIGTERM');
      }
    }
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  expect(signalled, output).toBe(true);
  expect(exit, output).toEqual({ code: 0, signal: null });
  expect(messages).toContain('shutdown complete');
  expect(messages).not.toContain('second signal during shutdown: exiting now');
  // Nothing of the group outlives npm.
  expect(() => process.kill(-(child.pid as number), 0)).toThrow();
}, 180_000);
