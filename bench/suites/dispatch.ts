// Suite 3 — dispatch: what one empty strategy costs end to end through (a) the whole engine (actor + registry + pool),
// (b) a raw piscina.run of the same worker entry, (c) a fresh `new Worker()` per task. Rounds interleave a, b and c so
// each round's ratios pair measurements taken under the same machine conditions.
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { compiledPath } from '../../src/compiled-path.js';
import { emptyMarket } from '../../workers/market-data.js';
import type { StrategyTaskMessage, StrategyTaskReply, StrategyWorkerData } from '../../workers/strategy-worker.js';
import { TaskControl, wallNow } from '../../workers/task-control.js';
import { createObservedService, fixtureCatalogueUrl, fixtureScan } from '../lib/engine.js';
import { measure } from '../lib/measure.js';
import type { BenchMode } from '../lib/options.js';
import { figureWithSpread, perRoundFigure, spreadOf, target, type Figure } from '../lib/report.js';
import { piscinaFigures, probeEventLoop } from '../lib/runtime-probes.js';
import { median, pairRatios } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES: Record<BenchMode, { rounds: number; perRound: number; freshPerRound: number; warmup: number }> = {
  full: { rounds: 5, perRound: 200, freshPerRound: 10, warmup: 200 },
  quick: { rounds: 3, perRound: 150, freshPerRound: 5, warmup: 50 },
  tiny: { rounds: 2, perRound: 20, freshPerRound: 2, warmup: 5 },
};

function emptyTask(): StrategyTaskMessage {
  return {
    strategy: 'empty',
    params: { symbols: ['AAA'], portfolio: {} },
    strategyTimeoutMs: 30_000,
    scanStopAt: wallNow() + 60_000,
    // The engine's own control block, so its size follows workers/task-control.ts.
    control: new TaskControl().buffer,
  };
}

function freshWorkerRun(data: StrategyWorkerData): Promise<StrategyTaskReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledPath('bench/workers/one-shot-strategy'), { workerData: { ...data, task: emptyTask() } });
    worker.once('message', (reply: StrategyTaskReply) => resolve(reply));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`one-shot worker exited with ${code}`))));
  });
}

export const dispatchSuite: Suite = {
  name: 'dispatch',
  title: 'an empty strategy through the engine vs raw piscina.run vs a fresh Worker per task',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const service = createObservedService();
    const workerData: StrategyWorkerData = { catalogueUrl: fixtureCatalogueUrl, market: emptyMarket() };
    const threads = service.pool.threads;
    const raw = new Piscina<StrategyTaskMessage, StrategyTaskReply>({
      filename: compiledPath('workers/strategy-worker'),
      name: 'runStrategyTask',
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData,
    });
    raw.on('error', (err) => ctx.log(`raw pool error: ${String(err)}`));
    const tasks = {
      engine: async () => {
        const { snapshot } = await service.finished(service.registry.create(fixtureScan(['empty'])));
        if (snapshot.state !== 'complete') throw new Error(`engine scan ended ${snapshot.state}`);
      },
      // Diagnostic: the engine's pool wrapper alone (two-phase deadline timers, TaskControl), without actor or registry.
      wrapper: async () => {
        const outcome = await service.pool.run(
          { scanId: 'bench', strategy: 'empty', params: { symbols: ['AAA'], portfolio: {} }, strategyTimeoutMs: 30_000, budgetMs: 60_000, scanDeadlineAt: wallNow() + 60_000 },
          { signal: new AbortController().signal, onStart: () => undefined },
        );
        if (outcome.status !== 'succeeded') throw new Error(`pool wrapper task ended ${outcome.status}`);
      },
      piscina: async () => {
        const reply = await raw.run(emptyTask());
        if (reply.kind !== 'done') throw new Error(`raw task replied ${reply.kind}`);
      },
      fresh: () => freshWorkerRun(workerData),
    };
    const samples = { engine: [] as number[], wrapper: [] as number[], piscina: [] as number[], fresh: [] as number[] };
    const roundMedians = { engine: [] as number[], wrapper: [] as number[], piscina: [] as number[], fresh: [] as number[] };
    const loop = probeEventLoop('main thread, whole suite');
    try {
      const inProcess = { engine: tasks.engine, wrapper: tasks.wrapper, piscina: tasks.piscina };
      await measure(inProcess, { iterations: size.warmup });
      await measure({ fresh: tasks.fresh }, { iterations: 2 });
      service.pool.histogram.resetRunTime();
      service.pool.histogram.resetWaitTime();
      for (let round = 0; round < size.rounds; round++) {
        ctx.log(`dispatch round ${round + 1}/${size.rounds}`);
        const ab = await measure(inProcess, { iterations: size.perRound });
        const c = await measure({ fresh: tasks.fresh }, { iterations: size.freshPerRound });
        for (const [name, list] of Object.entries({ ...ab, ...c }) as [keyof typeof samples, number[]][]) {
          samples[name].push(...list);
          roundMedians[name].push(median(list));
        }
      }
      const us = (ms: number[]): number[] => ms.map((x) => x * 1000);
      const aOverB = pairRatios(roundMedians.engine, roundMedians.piscina);
      const cOverA = pairRatios(roundMedians.fresh, roundMedians.engine);
      const figures: Figure[] = [
        figureWithSpread('(a) engine: actor + registry + pool', 'µs/task', us(samples.engine), us(roundMedians.engine)),
        figureWithSpread('(a′) pool wrapper only: StrategyPool.run', 'µs/task', us(samples.wrapper), us(roundMedians.wrapper)),
        figureWithSpread('(b) raw piscina.run', 'µs/task', us(samples.piscina), us(roundMedians.piscina)),
        figureWithSpread('(c) new Worker() per task', 'µs/task', us(samples.fresh), us(roundMedians.fresh)),
        perRoundFigure('a/b (per-round medians)', '×', aOverB, 'ratio'),
        perRoundFigure('c/a (per-round medians)', '×', cOverA, 'ratio'),
        ...piscinaFigures(service.pool.histogram, 'engine pool: a and a′, measured rounds'),
        loop.stop(),
      ];
      return {
        suite: 'dispatch',
        title: this.title,
        parameters: { threads, rounds: size.rounds, tasksPerRound: size.perRound, freshWorkersPerRound: size.freshPerRound, sequential: true },
        figures,
        targets: [target('a/b ≤ 2 (median of per-round ratios)', median(aOverB), '<=', 2, spreadOf(aOverB))],
        notes: [
          'One task at a time (latency, not throughput). (a) is a one-strategy scan from registry.create to the final state seen by onFinish.',
          '(b) sends the same message to the same worker entry as the engine does, without actor, registry or deadline timers.',
          '(a′) is a diagnostic: the engine\'s pool wrapper alone, to split the a/b overhead between the wrapper and the actor + registry.',
        ],
      };
    } finally {
      loop.stop();
      await service.close();
      await raw.close({ force: true });
    }
  },
};
