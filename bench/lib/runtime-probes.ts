// The pool's and the event loop's own view of a workload: piscina's run/wait histograms and Node's event-loop delay.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Piscina } from 'piscina';
import { figureFrom, type Figure } from './report.js';

type PiscinaHistogram = Piscina['histogram'];

/** piscina keeps the sample count on a non-enumerable handler it does not type; the summaries carry none. */
function startedTaskCount(histogram: PiscinaHistogram): number {
  const handler = (histogram as unknown as { histogram?: { runTimeCount?: number } | null }).histogram;
  return handler?.runTimeCount ?? 0;
}

/**
 * Piscina's wait-time (queued → picked up) and run-time (picked up → settled, aborted tasks included) histograms, in ms.
 * Both are recorded once per task that reached a worker, so they share the run-time count.
 */
export function piscinaFigures(histogram: PiscinaHistogram, scope: string): Figure[] {
  const n = startedTaskCount(histogram);
  const asFigure = (label: string, s: PiscinaHistogram['runTime']): Figure =>
    figureFrom(`piscina ${label} (${scope})`, 'ms', { n, min: s.min, median: s.p50, mean: s.mean, p99: s.p99, max: s.max }, 'piscina');
  return [asFigure('wait time', histogram.waitTime), asFigure('run time', histogram.runTime)];
}

export interface LoopDelayProbe {
  /** Stops sampling and returns the delay figure (ms). */
  stop(): Figure;
}

const RESOLUTION_MS = 10;

/** Samples this thread's event-loop delay every 10 ms until stopped: how long callbacks (timers, sockets) waited. */
export function probeEventLoop(scope: string): LoopDelayProbe {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let result: Figure | undefined;
  return {
    stop() {
      if (result) return result;
      histogram.disable();
      // Node records the whole interval between its timer's runs (resolution included): the delay is what exceeds it.
      const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
      result = figureFrom(
        `event-loop delay (${scope})`,
        'ms',
        {
          n: histogram.count,
          min: ms(histogram.min),
          median: ms(histogram.percentile(50)),
          mean: ms(histogram.mean),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
        },
        'event-loop',
      );
      return result;
    },
  };
}

/** Event-loop delay of this process doing nothing for `ms`: the machine's own noise, to read the other figures against. */
export async function idleNoise(ms: number): Promise<Figure> {
  const probe = probeEventLoop('idle before the suite: machine noise floor');
  await new Promise((resolve) => setTimeout(resolve, ms));
  return probe.stop();
}
