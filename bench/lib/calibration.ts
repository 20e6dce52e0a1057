// How much parallel CPU the machine gives right now: `threads` workers spin at once for `ms`, and the CPU time this
// process got over that wall time is the number of cores it really had (ideally = threads; less when other processes or
// the hypervisor take their share).
import { Worker } from 'node:worker_threads';
import { compiledPath } from '../../src/compiled-path.js';

function spin(ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledPath('bench/workers/calibration-spin'), { workerData: { ms } });
    worker.once('message', (rounds: number) => resolve(rounds));
    worker.once('error', reject);
  });
}

/** Cores this process obtained while `threads` threads wanted one each. */
export async function coresObtained(threads: number, ms: number): Promise<number> {
  const usage = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: threads }, () => spin(ms)));
  const cpu = process.cpuUsage(usage);
  return (cpu.user + cpu.system) / 1000 / (performance.now() - t0);
}
