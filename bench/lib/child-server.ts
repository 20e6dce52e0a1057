// Runs an HTTP server as a child process on a loopback port, the way it runs in production (its own event loop, its own
// cores to compete for), waits until it answers, and stops it with SIGTERM (SIGKILL if it does not exit in time).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LOOPBACK = '127.0.0.1';

/** Servers this process started; killed if it exits without stopping them (a failed suite must not leave them running). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ChildServer {
  readonly url: string;
  /** CPU time (user + system, all threads) the process has used so far, ms; null where /proc is not available. */
  cpuMs(): number | null;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Sends one signal and nothing else (SIGKILL: a crash; SIGTERM: a shutdown whose outcome `exit` tells). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves once the process has exited, with its exit code or the signal that ended it. */
  readonly exit: Promise<ChildExit>;
  /** The last few KB the process wrote to stderr (and stdout with `captureStdout`), for failure messages. */
  output(): string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServerOptions {
  label: string;
  /** Absolute path of the compiled entry. */
  script: string;
  env?: Record<string, string>;
  /** GET path that answers 200 once the server is ready. */
  readyPath: string;
  readyTimeoutMs?: number;
  /** Keep the tail of stdout too (the service logs there), for `output()`. */
  captureStdout?: boolean;
}

/** A port free on loopback right now (the OS picks it; the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port from the OS');
  return address.port;
}

/** Linux: utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ is 100 on every mainstream build). */
function procCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([once(child, 'exit').then(() => true), timer]);
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  // A server starts from nothing saved unless the suite gives it a state dir: left to the default (.scanner/ in the
  // working directory) it would plan from what earlier runs learned, and its figures would depend on history.
  const ownState = options.env?.SCANNER_STATE_DIR === undefined ? mkdtempSync(path.join(tmpdir(), 'bench-state-')) : null;
  const child = spawn(process.execPath, [options.script], {
    env: { ...process.env, ...(ownState ? { SCANNER_STATE_DIR: ownState } : {}), ...options.env, HOST: LOOPBACK, PORT: String(port) },
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  live.add(child);
  const exit = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('exit', () => {
    live.delete(child);
    if (ownState) rmSync(ownState, { recursive: true, force: true });
  });
  let tail = '';
  const keep = (chunk: string): void => {
    tail = (tail + chunk).slice(-16_000);
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', keep);
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', keep);
  const stop = async (graceMs = 15_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await exited(child, graceMs))) {
      child.kill('SIGKILL');
      await exited(child, 5_000);
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.label} exited with ${child.exitCode} before it was ready:\n${tail}`);
    try {
      const res = await fetch(`${url}${options.readyPath}`);
      await res.arrayBuffer();
      if (res.ok) return { url, stop, cpuMs: () => procCpuMs(child.pid), kill: (signal) => void child.kill(signal), exit, output: () => tail };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${options.label} was not ready within ${options.readyTimeoutMs ?? 120_000} ms:\n${tail}`);
}
