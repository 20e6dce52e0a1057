// Suite 4 — data sharing: handing 10 MB of series to a task as SharedArrayBuffer-backed arrays (what the engine does with
// the market, once per worker) vs plain arrays that structured clone copies on every task. Rounds alternate both.
import { Piscina } from 'piscina';
import { compiledPath } from '../../src/compiled-path.js';
import { measure } from '../lib/measure.js';
import type { BenchMode } from '../lib/options.js';
import { figureWithSpread, perRoundFigure, type Figure } from '../lib/report.js';
import { piscinaFigures, probeEventLoop } from '../lib/runtime-probes.js';
import { median, pairRatios } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import type { SeriesTask } from '../workers/touch-series.js';

const SERIES = 10;
const BYTES_PER_SERIES = 1_000_000;
const SIZES: Record<BenchMode, { rounds: number; perRound: number }> = {
  full: { rounds: 5, perRound: 100 },
  quick: { rounds: 3, perRound: 80 },
  tiny: { rounds: 2, perRound: 10 },
};

function makeSeries(shared: boolean): Float64Array[] {
  const length = BYTES_PER_SERIES / Float64Array.BYTES_PER_ELEMENT;
  return Array.from({ length: SERIES }, (_, k) => {
    const array = new Float64Array(shared ? new SharedArrayBuffer(BYTES_PER_SERIES) : new ArrayBuffer(BYTES_PER_SERIES));
    for (let i = 0; i < length; i++) array[i] = 100 + k + Math.sin(i / 50);
    return array;
  });
}

export const dataSharingSuite: Suite = {
  name: 'data-sharing',
  title: '10 MB of series per task: SharedArrayBuffer vs structured clone',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const pool = new Piscina<SeriesTask, number>({
      filename: compiledPath('bench/workers/touch-series'),
      name: 'touchSeries',
      minThreads: 1,
      maxThreads: 1,
      idleTimeout: 60_000,
    });
    pool.on('error', (err) => ctx.log(`pool error: ${String(err)}`));
    const sharedTask: SeriesTask = { series: makeSeries(true) };
    const copiedTask: SeriesTask = { series: makeSeries(false) };
    const expected = await pool.run(sharedTask);
    const tasks = {
      shared: async () => {
        if ((await pool.run(sharedTask)) !== expected) throw new Error('shared series read back wrong');
      },
      cloned: async () => {
        if ((await pool.run(copiedTask)) !== expected) throw new Error('cloned series read back wrong');
      },
    };
    const samples = { shared: [] as number[], cloned: [] as number[] };
    const medians = { shared: [] as number[], cloned: [] as number[] };
    const loop = probeEventLoop('main thread, whole suite');
    try {
      await measure(tasks, { iterations: Math.min(20, size.perRound) });
      pool.histogram.resetRunTime();
      pool.histogram.resetWaitTime();
      for (let round = 0; round < size.rounds; round++) {
        ctx.log(`data-sharing round ${round + 1}/${size.rounds}`);
        // Alternate which goes first, so neither always runs right after the other's garbage.
        const order = round % 2 === 0 ? ['shared', 'cloned'] : ['cloned', 'shared'];
        for (const name of order as (keyof typeof tasks)[]) {
          const got = await measure({ [name]: tasks[name] }, { iterations: size.perRound });
          const list = got[name] ?? [];
          samples[name].push(...list);
          medians[name].push(median(list));
        }
      }
      const us = (ms: number[]): number[] => ms.map((x) => x * 1000);
      const figures: Figure[] = [
        figureWithSpread('SharedArrayBuffer (shared, no copy)', 'µs/task', us(samples.shared), us(medians.shared)),
        figureWithSpread('structured clone (copied per task)', 'µs/task', us(samples.cloned), us(medians.cloned)),
        perRoundFigure('clone/shared (per-round medians)', '×', pairRatios(medians.cloned, medians.shared), 'ratio'),
        ...piscinaFigures(pool.histogram, 'one worker, measured rounds'),
        loop.stop(),
      ];
      return {
        suite: 'data-sharing',
        title: this.title,
        parameters: { series: SERIES, bytesPerSeries: BYTES_PER_SERIES, totalBytes: SERIES * BYTES_PER_SERIES, rounds: size.rounds, tasksPerRound: size.perRound, threads: 1 },
        figures,
        targets: [],
        notes: [
          'Per task: piscina.run round trip on one worker thread, the worker reading both ends of each series.',
          'The engine shares the market once per worker through workerData; a task then carries only parameters.',
        ],
      };
    } finally {
      loop.stop();
      await pool.close({ force: true });
    }
  },
};
