// Per-call latency samples through tinybench: a fixed number of iterations per task (no time budget), so a suite's running
// time is predictable, and the raw samples are kept so every figure is computed the same way (lib/stats.ts).
import { Bench } from 'tinybench';

export type TaskFn = () => unknown;

export interface MeasureOptions {
  iterations: number;
  /** Calls per task before sampling (JIT, worker start-up); 0 = none. */
  warmupIterations?: number;
}

/** Runs each task `iterations` times, task after task, and returns each task's per-call latencies in ms. */
export async function measure(tasks: Record<string, TaskFn>, options: MeasureOptions): Promise<Record<string, number[]>> {
  const warmup = (options.warmupIterations ?? 0) > 0;
  const bench = new Bench({
    iterations: options.iterations,
    time: 0,
    warmup,
    warmupIterations: options.warmupIterations ?? 0,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out: Record<string, number[]> = {};
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`bench task ${task.name} ended ${result.state}`);
    out[task.name] = [...(result.latency.samples ?? [])];
  }
  return out;
}
