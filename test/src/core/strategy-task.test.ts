// One strategy task's life (src/core/strategy-task.ts) without threads: a fake Piscina whose "worker" the test drives
// through the real shared control block, a fake dispatcher the test grants from. The two-phase stop: the flag first; the
// hard abort only for a task a worker started and that has not returned, a grace later. Waits are generous and only ever
// show that something did NOT happen sooner; nothing depends on the machine being fast.
import { describe, expect, it } from 'vitest';
import type { Piscina } from 'piscina';
import type { StrategyTaskMessage, StrategyTaskReply } from '../../../workers/strategy-worker.js';
import { strategyDeadline, TaskControl, wallNow } from '../../../workers/task-control.js';
import { StrategyTask, type RunHooks, type StrategyTaskRequest, type TaskContext } from '../../../src/core/strategy-task.js';
import type { Dispatcher } from '../../../src/scheduling/dispatcher.js';
import type { StrategyCostModel } from '../../../src/scheduling/cost-model.js';
import type { RunawayQuarantine } from '../../../src/scheduling/runaway-quarantine.js';
import type { PoolMark, PoolTaskSpan, PoolTimeline } from '../../../src/scheduling/pool-timeline.js';
import { until } from '../../support/until.js';

const GRACE_MS = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the fake worker thread is handed, and the levers it pulls. */
interface FakeRun {
  message: StrategyTaskMessage;
  control: TaskControl;
  signal: AbortSignal;
  /** The worker picks the task up: it announces the start and the deadline it applies, as the real worker does. */
  start(): void;
  /** The worker returns: it marks the return in shared memory, then its reply travels to the main thread. */
  reply(reply: StrategyTaskReply): void;
}

function harness() {
  const runs: FakeRun[] = [];
  const queue = new Set<unknown>();
  const marks: PoolMark['type'][] = [];
  const ended: { status: string; hardAborted: boolean }[] = [];
  const learned: string[] = [];
  let running = 0;
  const piscina = {
    run(message: StrategyTaskMessage, { signal }: { signal: AbortSignal }): Promise<StrategyTaskReply> {
      return new Promise((resolve, reject) => {
        const control = new TaskControl(message.control);
        // Piscina rejects an aborted task at once with an error named AbortError (its class is not exported).
        signal.addEventListener('abort', () => reject(Object.assign(new Error('The task has been aborted'), { name: 'AbortError' })));
        runs.push({
          message, control, signal,
          start: () => {
            const at = wallNow();
            control.markStarted(at, strategyDeadline(at, message.strategyTimeoutMs, message.scanStopAt), 7);
          },
          reply: (reply) => {
            control.markReturned();
            resolve(reply);
          },
        });
      });
    },
  };
  const timeline = {
    mark: (mark: PoolMark) => marks.push(mark.type),
    taskStarted: (span: Omit<PoolTaskSpan, 'endedAt' | 'status' | 'hardAborted'>): PoolTaskSpan => ({ ...span, endedAt: null, status: null, hardAborted: false }),
    taskEnded: (_span: PoolTaskSpan, _at: number, status: string, hardAborted: boolean) => ended.push({ status, hardAborted }),
  };
  // Fakes of the few members a task touches; the casts say so (the real classes need a pool around them).
  const ctx: TaskContext = {
    piscina: piscina as unknown as Piscina<StrategyTaskMessage, StrategyTaskReply>,
    dispatcher: { enqueue: (t: unknown) => queue.add(t), remove: (t: unknown) => queue.delete(t), release: () => undefined } as unknown as Dispatcher,
    costModel: { observe: (_s: string, _n: number, o: { kind: string }) => learned.push(`cost:${o.kind}`) } as unknown as StrategyCostModel,
    quarantine: { hardKilled: () => learned.push('quarantine:hardKilled'), finished: () => learned.push('quarantine:finished') } as unknown as RunawayQuarantine,
    timeline: timeline as unknown as PoolTimeline,
    graceMs: GRACE_MS,
    adjustRunning: (delta) => (running += delta),
  };
  const abort = new AbortController();
  const starts: number[] = [];
  function task(overrides: Partial<StrategyTaskRequest> = {}, hooks: RunHooks = {}) {
    const request: StrategyTaskRequest = {
      scanId: 'scan-1', strategy: 'x', params: { symbols: ['AAA'], portfolio: {} }, strategyTimeoutMs: 60_000, budgetMs: 60_000,
      scanDeadlineAt: wallNow() + 60_000, ...overrides,
    };
    const t = new StrategyTask(ctx, request, { signal: abort.signal, onStart: (at) => starts.push(at), ...hooks });
    return { task: t, outcome: t.settle() };
  }
  const firstRun = async (): Promise<FakeRun> => {
    await until(() => runs.length > 0);
    return runs[0] as FakeRun;
  };
  /** The dispatcher hands the task a thread: it leaves the queue, then is granted. */
  const grant = (t: StrategyTask, speculative = false): void => {
    queue.delete(t);
    t.grant(speculative);
  };
  const aborted = (run: FakeRun) => new Promise<void>((resolve) => (run.signal.aborted ? resolve() : run.signal.addEventListener('abort', () => resolve())));
  return { task, grant, runs, queue, marks, ended, learned, abort, starts, firstRun, aborted, running: () => running };
}

describe('a strategy task', () => {
  it('queued and cancelled: leaves the queue and ends skipped; no worker is involved', async () => {
    const h = harness();
    const { outcome } = h.task();
    expect(h.queue.size).toBe(1);
    h.abort.abort();
    await expect(outcome).resolves.toMatchObject({ status: 'skipped' });
    expect(h.queue.size).toBe(0);
    expect(h.runs).toEqual([]);
  });

  it('granted and run: reports its start once, succeeds, and teaches a finished run', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, false);
    const run = await h.firstRun();
    run.start();
    await until(() => h.starts.length === 1);
    expect(h.running()).toBe(1);
    run.reply({ kind: 'done', opportunities: [], truncated: false });
    await expect(outcome).resolves.toMatchObject({ status: 'succeeded', truncated: false });
    expect(h.starts).toHaveLength(1);
    expect(h.running()).toBe(0);
    expect(h.learned).toEqual(['cost:finished', 'quarantine:finished']);
    expect(task.ranMs(wallNow())).toBeGreaterThanOrEqual(0);
  });

  it('cancelled once handed to a worker that has not started it: the flag goes up, the worker is never terminated', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, false);
    const run = await h.firstRun();
    h.abort.abort();
    expect(run.control.stopRequested).toBe(true);
    await sleep(GRACE_MS * 3);
    expect(run.signal.aborted).toBe(false); // the worker may still be loading: terminating it would leak its files
    run.start(); // the worker picks it up, sees the flag and returns before running anything
    run.reply({ kind: 'expired' });
    await expect(outcome).resolves.toMatchObject({ status: 'skipped' });
    expect(h.marks).toEqual([]);
    expect(h.learned).toEqual([]);
  });

  it('cancelled while running: the flag at once, the hard abort a grace later; ends cancelled, not a runaway', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, false);
    const run = await h.firstRun();
    run.start();
    await until(() => h.starts.length === 1);
    h.abort.abort();
    expect(run.control.stopRequested).toBe(true);
    expect(run.signal.aborted).toBe(false); // phase 2 waits for the grace
    await h.aborted(run);
    await expect(outcome).resolves.toMatchObject({ status: 'cancelled' });
    expect(h.marks).toEqual(['hard_abort']);
    expect(h.ended).toEqual([{ status: 'cancelled', hardAborted: true }]);
    expect(h.learned).not.toContain('quarantine:hardKilled');
  });

  it('does not terminate a worker that returned, however late its reply arrives', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, false);
    const run = await h.firstRun();
    run.start();
    await until(() => h.starts.length === 1);
    h.abort.abort();
    run.control.markReturned(); // returned; the reply is still in flight
    await sleep(GRACE_MS * 3);
    expect(run.signal.aborted).toBe(false);
    run.reply({ kind: 'done', opportunities: [], truncated: true });
    await expect(outcome).resolves.toMatchObject({ status: 'cancelled' });
    expect(h.marks).toEqual([]);
  });

  it('at its own deadline: the flag, then termination a grace later; timed out, a hard kill and a censored cost', async () => {
    const h = harness();
    const { task, outcome } = h.task({ strategyTimeoutMs: 30 });
    h.grant(task, false);
    const run = await h.firstRun();
    run.start();
    await h.aborted(run); // a strategy that never polls its flag
    expect(run.control.stopRequested).toBe(true);
    await expect(outcome).resolves.toMatchObject({ status: 'timed_out', truncated: true, opportunities: [] });
    expect(h.learned).toEqual(['cost:censored', 'quarantine:hardKilled']);
    expect(h.ended).toEqual([{ status: 'timed_out', hardAborted: true }]);
  });

  it('preempted: asked once (one mark), stops cooperatively, keeps what it found', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, true);
    const run = await h.firstRun();
    run.start();
    await until(() => h.starts.length === 1);
    task.preempt();
    task.preempt();
    expect(run.control.stopRequested).toBe(true);
    run.reply({ kind: 'done', opportunities: [], truncated: true });
    await expect(outcome).resolves.toMatchObject({ status: 'timed_out', truncated: true });
    expect(h.marks).toEqual(['preempted']);
    expect(h.learned).toEqual(['cost:censored', 'quarantine:finished']);
  });

  it('ends a running task at once, without a grace, when the pool closes', async () => {
    const h = harness();
    const { task, outcome } = h.task();
    h.grant(task, false);
    const run = await h.firstRun();
    run.start();
    await until(() => h.starts.length === 1);
    task.abortNow();
    expect(run.signal.aborted).toBe(true);
    await expect(outcome).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('never starts when still queued at its scan\'s stop point, and says so when it was predicted to miss', async () => {
    const h = harness();
    const { task, outcome } = h.task({ budgetMs: 1_000, scanDeadlineAt: wallNow() + 100 });
    task.predictedMiss = true;
    await expect(outcome).resolves.toMatchObject({ status: 'skipped', error: { code: 'WOULD_MISS_DEADLINE' } });
    expect(h.queue.size).toBe(0);
    expect(h.runs).toEqual([]);
  });

  it('expires (a chunk whose siblings used up the strategy\'s time): leaves the queue, or stops like at a deadline', async () => {
    const h = harness();
    const queued = h.task();
    queued.task.expire();
    await expect(queued.outcome).resolves.toMatchObject({ status: 'skipped' });

    const running = h.task();
    h.grant(running.task, false);
    await until(() => h.runs.length === 1);
    const run = h.runs[0] as FakeRun;
    run.start();
    await until(() => h.starts.length === 1);
    running.task.expire();
    expect(run.control.stopRequested).toBe(true);
    run.reply({ kind: 'done', opportunities: [], truncated: true });
    await expect(running.outcome).resolves.toMatchObject({ status: 'timed_out' });
  });
});
