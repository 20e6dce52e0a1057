// A counted load (counted-load.ts) run from its own process (load-process.ts), started ahead so that only the load
// itself overlaps what is measured meanwhile: a flood of requests in another process than the probe timing the server.
import { fork } from 'node:child_process';
import { compiledPath } from '../../src/compiled-path.js';
import { LOOPBACK } from './child-server.js';
import type { CountedLoadOptions, CountedLoadResult } from './counted-load.js';

/** A CountedLoadResult with its maps as entry lists (structured clone over IPC keeps Maps, JSON does not). */
export type SerializedLoadResult = Omit<CountedLoadResult, 'statuses' | 'problemCodes' | 'retryAfter'> & {
  statuses: [number, number][];
  problemCodes: [string, number][];
  retryAfter: [string, number][];
};

export type LoadProcessMessage = { kind: 'ready' } | { kind: 'result'; result: SerializedLoadResult };

export interface RemoteLoad {
  /** Starts the load and resolves with its result once every request has been answered. */
  run(): Promise<CountedLoadResult>;
}

/** Forks the load process and waits until it is ready to send (its start-up is not part of the load). */
export async function prepareRemoteLoad(options: Omit<CountedLoadOptions, 'serverCpu'>): Promise<RemoteLoad> {
  if (!options.url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`load is loopback-only, not ${options.url}`);
  const child = fork(compiledPath('bench/lib/load-process'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = (): Promise<LoadProcessMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the load process exited with ${code} before answering`));
      child.once('exit', onExit);
      child.once('message', (m: LoadProcessMessage) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const ready = next();
  child.send(options);
  try {
    if ((await ready).kind !== 'ready') throw new Error('the load process did not get ready');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    async run() {
      const answered = next();
      child.send('go');
      const message = await answered;
      if (message.kind !== 'result') throw new Error('the load process answered out of turn');
      const r = message.result;
      return { ...r, statuses: new Map(r.statuses), problemCodes: new Map(r.problemCodes), retryAfter: new Map(r.retryAfter) };
    },
  };
}
