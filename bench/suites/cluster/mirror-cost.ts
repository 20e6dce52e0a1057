// What mirroring costs the owner's main thread. One instance runs a batch of default scans, one after the other (POST,
// follow to final on the same instance); its main thread's CPU over the batch, less its background rate (timers:
// heartbeat, sweeper, stalled-job check) over the same time, is the batch's cost. The same batch on an embedded instance
// costs the same minus everything distributed mode adds: the difference per version written is the cost per mirrored
// version. It charges to the versions everything else distributed mode does per scan too (the POST's Redis script and
// BullMQ job, taking the job, completing it), so it is an upper bound; the per-scan figure says how much that is.
import { serverCpuReader } from '../../lib/server-cpu.js';
import type { Instance } from './instances.js';
import type { ScanClient } from './scan-client.js';

export interface BatchCost {
  /** Main-thread CPU over the batch, ms (background not removed: see `busyMainMs`). */
  rawMainMs: number;
  /** Main-thread CPU per second while idle, ms/s, in each half of the idle window before the batch. */
  idleMainMsPerS: number[];
  /** Versions the scans reached, less the `initiated` one the POST stores (the mirror writes every later one). */
  versions: number;
  scans: number;
  wallMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The batch's own cost: its main-thread CPU less `backgroundMsPerS` × its duration. Take the instance's lowest idle rate
 * as the background: a higher reading is the garbage collection of an earlier batch landing in the idle window (V8 frees
 * memory while a process idles), a cost of that batch rather than background.
 */
export function busyMainMs(batch: BatchCost, backgroundMsPerS: number): number {
  return batch.rawMainMs - (backgroundMsPerS * batch.wallMs) / 1000;
}

export async function batchCost(client: ScanClient, instance: Instance, options: { scans: number; idleMs: number; body: unknown; userPrefix: string }): Promise<BatchCost> {
  const cpu = serverCpuReader(instance.server);
  const mainMs = (): number => {
    const reading = cpu().mainThreadMs;
    if (reading === null) throw new Error(`no main-thread CPU reading for ${instance.id} (needs Linux /proc)`);
    return reading;
  };
  const idleMainMsPerS: number[] = [];
  for (let half = 0; half < 2; half++) {
    const cpu0 = mainMs();
    const t0 = performance.now();
    await sleep(options.idleMs / 2);
    idleMainMsPerS.push(((mainMs() - cpu0) / (performance.now() - t0)) * 1000);
  }

  let versions = 0;
  const cpu0 = mainMs();
  const t0 = performance.now();
  for (let i = 0; i < options.scans; i++) {
    const user = `${options.userPrefix}-${i}`;
    const posted = await client.post(instance.url, user, options.body);
    const { snapshot } = await client.final(instance.url, user, posted.body.id);
    versions += snapshot.version - 1;
  }
  return { rawMainMs: mainMs() - cpu0, idleMainMsPerS, versions, scans: options.scans, wallMs: performance.now() - t0 };
}
