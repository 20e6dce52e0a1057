// The dispatcher in front of the pool, driven by hand: a fake clock, tasks that record when they are granted a thread.
import { describe, expect, it } from 'vitest';
import { StrategyCostModel } from '../../../src/scheduling/cost-model.js';
import { Dispatcher, type CrossScanOrder, type DispatchEntry } from '../../../src/scheduling/dispatcher.js';
import { RunawayQuarantine } from '../../../src/scheduling/runaway-quarantine.js';

const T0 = 1_000_000;

interface FakeTask extends DispatchEntry {
  granted: boolean;
  speculative: boolean | undefined;
  preempted: boolean;
}

function setup(options: { threads?: number; costs?: Record<string, number>; crossScan?: CrossScanOrder; quarantined?: string[] } = {}) {
  let now = T0;
  const costModel = new StrategyCostModel(1);
  for (const [id, ms] of Object.entries(options.costs ?? {})) costModel.observe(id, 1, { kind: 'finished', ms });
  const quarantine = new RunawayQuarantine({ after: 1 });
  for (const id of options.quarantined ?? []) quarantine.hardKilled(id);
  const dispatcher = new Dispatcher({ threads: options.threads ?? 1, costModel, quarantine, crossScan: options.crossScan, now: () => now });
  const started: string[] = [];
  const task = (scanId: string | null, strategy: string, budgetMs: number, costShare = 1): FakeTask => {
    const t: FakeTask = {
      scanId,
      strategy,
      symbols: 1,
      costShare,
      scanDeadlineAt: now + budgetMs,
      stopAt: now + budgetMs - 10,
      strategyTimeoutMs: 60_000,
      predictedMiss: false,
      granted: false,
      speculative: undefined,
      preempted: false,
      grant(speculative) {
        t.granted = true;
        t.speculative = speculative;
        started.push(`${scanId ?? 'bg'}:${strategy}`);
      },
      preempt() {
        t.preempted = true;
      },
    };
    return t;
  };
  /** Enqueues a scan's tasks in one tick, as the engine does, and lets the dispatcher decide. */
  const submit = async (...tasks: FakeTask[]): Promise<void> => {
    for (const t of tasks) dispatcher.enqueue(t);
    await Promise.resolve();
  };
  return { dispatcher, task, submit, started, advance: (ms: number) => (now += ms) };
}

describe('Dispatcher', () => {
  it('starts at most `threads` tasks, and the next one when a thread is released', async () => {
    const { dispatcher, task, submit, started } = setup({ threads: 2, costs: { a: 10, b: 10, c: 10 } });
    const [a, b, c] = [task('s', 'a', 1_000), task('s', 'b', 1_000), task('s', 'c', 1_000)];
    await submit(a, b, c);
    expect(started).toHaveLength(2);
    expect(dispatcher.queued).toBe(1);
    dispatcher.release(a);
    expect(started).toHaveLength(3);
    expect(dispatcher.running).toBe(2);
  });

  it('serves the earliest deadline first across scans, even when that scan came later', async () => {
    const { dispatcher, task, submit, started } = setup({ costs: { a: 50, b: 50, c: 50, quick: 20 } });
    const loose = [task('loose', 'a', 30_000), task('loose', 'b', 30_000), task('loose', 'c', 30_000)];
    await submit(...loose);
    await submit(task('tight', 'quick', 500));
    dispatcher.release(loose[0] as FakeTask);
    expect(started.slice(0, 2)).toEqual(['loose:a', 'tight:quick']);
  });

  it('keeps arrival order across scans when told to (the FIFO comparison)', async () => {
    const { dispatcher, task, submit, started } = setup({ crossScan: 'fifo', costs: { a: 50, b: 50, quick: 20 } });
    const loose = [task('loose', 'a', 30_000), task('loose', 'b', 30_000)];
    await submit(...loose);
    await submit(task('tight', 'quick', 500));
    dispatcher.release(loose[0] as FakeTask);
    expect(started.slice(0, 2)).toEqual(['loose:a', 'loose:b']);
  });

  it('does not start a task predicted to miss while one that can finish is waiting, and flags the one it passed over', async () => {
    const { task, submit, started } = setup({ costs: { big: 400, small: 50 } });
    const big = task('s', 'big', 300);
    await submit(big, task('s', 'small', 300));
    expect(started).toEqual(['s:small']);
    expect(big.predictedMiss).toBe(true);
  });

  it('runs a task predicted to miss on a thread that would otherwise idle, and takes the thread back for one that fits', async () => {
    const { dispatcher, task, submit, started } = setup({ costs: { big: 400, small: 50 } });
    const big = task('a', 'big', 300);
    await submit(big);
    expect(big).toMatchObject({ granted: true, speculative: true });
    await submit(task('b', 'small', 1_000));
    expect(big.preempted).toBe(true);
    dispatcher.release(big);
    expect(started).toEqual(['a:big', 'b:small']);
  });

  it('runs quarantined strategies after every other and background work after every scan', async () => {
    const { dispatcher, task, submit, started } = setup({ quarantined: ['runaway'], costs: { runaway: 5, a: 30, b: 30 } });
    const tasks = [task(null, 'calibrate', Number.POSITIVE_INFINITY), task('s', 'runaway', 5_000), task('s', 'a', 5_000), task('s', 'b', 5_000)];
    await submit(...tasks);
    for (let i = 0; i < tasks.length; i++) {
      const running = tasks.find((t) => `${t.scanId ?? 'bg'}:${t.strategy}` === started.at(-1)) as FakeTask;
      dispatcher.release(running);
    }
    expect(started).toEqual(['s:a', 's:b', 's:runaway', 'bg:calibrate']);
    expect(tasks.filter((t) => t.speculative).map((t) => t.strategy)).toEqual(['calibrate', 'runaway']);
  });

  it('plans a chunked strategy as one strategy of several parts: its chunks run in parallel where the whole would miss', async () => {
    const { task, submit, started } = setup({ threads: 2, costs: { big: 400, small: 50 } });
    // Whole, `big` (400 ms) cannot finish in 300 ms; as four chunks of 100 ms on two threads it can, beside `small`.
    const chunks = [0, 1, 2, 3].map(() => task('s', 'big', 310, 1 / 4));
    await submit(...chunks, task('s', 'small', 310));
    expect(started).toEqual(['s:big', 's:big']);
    expect(chunks.slice(0, 2).map((c) => c.speculative)).toEqual([false, false]);
    expect(chunks.every((c) => !c.predictedMiss)).toBe(true);
  });

  it('has room for a new scan while no scan task waits and a thread is free of scan work (background work gives way)', async () => {
    const { dispatcher, task, submit } = setup({ threads: 1, costs: { a: 100, bg: 100 } });
    expect(dispatcher.roomForScan).toBe(true);
    await submit(task(null, 'bg', 60_000));
    expect(dispatcher.running).toBe(1);
    expect(dispatcher.roomForScan).toBe(true); // calibration holds the thread but yields it to any scan
    const scanTask = task('s', 'a', 1_000);
    await submit(scanTask);
    expect(dispatcher.roomForScan).toBe(false); // a scan task waits (for the background run to give way)
  });

  it('never grants a task past its stop point, not even to an idle thread, and marks it predicted to miss', async () => {
    const { dispatcher, task, submit, started, advance } = setup({ threads: 1, costs: { a: 50, b: 5 } });
    const [a, b] = [task('s', 'a', 100), task('s', 'b', 100)];
    await submit(a, b);
    advance(95); // the stop point (deadline − 10) has passed while `a` ran
    dispatcher.release(a);
    expect(started).toEqual(['s:a']);
    expect(b).toMatchObject({ granted: false, predictedMiss: true });
  });

  it('forgets a removed task at once', async () => {
    const { dispatcher, task, submit, started } = setup({ costs: { a: 50, b: 50 } });
    const [a, b] = [task('s', 'a', 1_000), task('s', 'b', 1_000)];
    await submit(a, b);
    expect(dispatcher.remove(b)).toBe(true);
    expect(dispatcher.queued).toBe(0);
    dispatcher.release(a);
    expect(started).toEqual(['s:a']);
    expect(dispatcher.remove(b)).toBe(false);
  });

  it('predicts the wait for a thread from the running tasks and the tasks that go first', async () => {
    const { dispatcher, task, submit, advance } = setup({ threads: 1, costs: { long: 300, mid: 100 } });
    await submit(task('running', 'long', 10_000));
    advance(100);
    expect(dispatcher.predictWaitMs(T0 + 100 + 500)).toBe(200);
    await submit(task('earlier', 'mid', 450)); // deadline before the new scan's: it goes first
    expect(dispatcher.predictWaitMs(T0 + 100 + 500)).toBe(300);
    expect(dispatcher.predictWaitMs(T0 + 100 + 300)).toBe(200); // a scan due sooner would go before it
  });
});
