// The per-scan trace: what a finished scan's trace says, how it is bounded, and how it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, fromCallback, type EventObject } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import type { RunStrategyInput } from '../../machines/scan-types.js';
import type { TraceRecord } from '../../src/debug/trace-record.js';
import { TraceStore } from '../../src/debug/trace-store.js';
import type { ScanRegistry } from '../../src/core/scan-registry.js';
import type { ScanService } from '../../src/core/scan-service.js';
import { createFixtureCore, scanRequest, waitForFinal } from '../support/engine.js';

/** The scan's states in the order the trace shows them. */
function stateSequence(records: TraceRecord[]): string[] {
  const states: string[] = [];
  for (const r of records) if (r.root && r.state !== undefined && states.at(-1) !== r.state) states.push(r.state);
  return states;
}

/** A scan machine whose strategies start at once and succeed after `ms` (no pool): fast, deterministic traces. */
function fakeScan(traces: TraceStore, scanId: string, strategies: string[], ms = 1) {
  const machine = scanMachine.provide({
    actors: {
      runStrategy: fromCallback<EventObject, RunStrategyInput>(({ input, sendBack }) => {
        sendBack({ type: 'STRATEGY.STARTED', strategy: input.strategy, at: Date.now(), deadlineAt: Date.now() + 1000 });
        const timer = setTimeout(() => {
          const opportunities = Array.from({ length: 50 }, (_, i) => ({
            strategy: input.strategy, symbols: [`S${i}`], side: 'long' as const, confidence: 5, expectedReturnPct: 1, riskPct: 1,
            horizon: '1h', entry: 1, stop: 1, target: 1, rationale: 'x'.repeat(500),
          }));
          sendBack({ type: 'STRATEGY.SETTLED', strategy: input.strategy, outcome: { status: 'succeeded', at: Date.now(), opportunities, truncated: false } });
        }, ms);
        return () => clearTimeout(timer);
      }),
    },
  });
  const actor = createActor(machine, {
    id: `scan.${scanId}`,
    inspect: traces.inspectorFor(scanId),
    input: { scanId, strategies, budgetMs: 5000, strategyTimeoutMs: 1000, createdAt: Date.now(), params: { symbols: Array.from({ length: 1000 }, (_, i) => `SYM${i}`), portfolio: {} } },
  });
  const done = new Promise<void>((resolve) => actor.subscribe({ complete: () => resolve(), error: () => resolve() }));
  actor.start();
  return { actor, done };
}

describe('trace of a finished scan (real pool, fixture strategies)', () => {
  let core: ScanService;
  let registry: ScanRegistry;
  const traces = new TraceStore({ cap: 1000 });

  beforeAll(() => {
    core = createFixtureCore({}, { inspectorFor: traces.inspectorFor, onDrop: traces.drop });
    registry = core.registry;
  });
  afterAll(() => core.close());

  it('records initiated → running → the final state, in order', async () => {
    const id = registry.create(scanRequest(['fast', 'slow']));
    const final = await waitForFinal(registry, id);
    expect(final.state).toBe('complete');
    const records = traces.records(id) ?? [];
    expect(stateSequence(records)).toEqual(['initiated', 'running', 'complete']);
    expect(records.at(-1)).toMatchObject({ root: true, kind: 'snapshot', state: 'complete', status: 'done' });
    expect(traces.isDone(id)).toBe(true);
    // seq is 1…n with no gap: nothing was dropped.
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
  });

  it("has every strategy's start and outcome event, and each strategy's status in the final snapshot", async () => {
    const id = registry.create(scanRequest(['fast', 'throws', 'spins'], { strategyTimeoutMs: 300, budgetMs: 3000 }));
    const final = await waitForFinal(registry, id);
    expect(final.state).toBe('partial');
    const records = traces.records(id) ?? [];
    const outcomes = records.filter((r) => r.kind === 'event' && r.event?.type === 'STRATEGY.SETTLED');
    expect(Object.fromEntries(outcomes.map((r) => [r.event?.strategy, r.event?.status]))).toEqual({
      fast: 'succeeded',
      throws: 'failed',
      spins: 'timed_out',
    });
    for (const r of outcomes) expect(r.source).toBe(`strategy.${String(r.event?.strategy)}`);
    expect(outcomes.find((r) => r.event?.strategy === 'throws')?.event?.error).toMatch(/^STRATEGY_FAILED: /);
    const starts = records.filter((r) => r.kind === 'event' && r.event?.type === 'STRATEGY.STARTED').map((r) => r.event?.strategy);
    expect(starts.sort()).toEqual(['fast', 'spins', 'throws']);
    const last = records.at(-1);
    expect(last?.strategies?.spins).toMatchObject({ status: 'timed_out', error: expect.stringMatching(/^STRATEGY_TIMEOUT/) });
    expect(last?.strategies?.spins?.deadlineAt).toBeGreaterThan(last?.strategies?.spins?.startedAt ?? Infinity);
    // Every event is kept in causal order: the final microstep precedes the final snapshot.
    const finalStep = records.findIndex((r) => r.root && r.kind === 'microstep' && r.state === 'partial');
    expect(finalStep).toBeGreaterThan(-1);
    expect(finalStep).toBeLessThan(records.length - 1);
  });

  it('is dropped with its scan', async () => {
    const id = registry.create(scanRequest(['fast']));
    await waitForFinal(registry, id);
    expect(traces.has(id)).toBe(true);
    registry.clear();
    expect(traces.has(id)).toBe(false);
    expect(traces.records(id)).toBeUndefined();
  });
});

describe('trace records are small', () => {
  it('keep no opportunities, params or inputs — counts and scalars only', async () => {
    const traces = new TraceStore({ cap: 1000 });
    const { done } = fakeScan(traces, 'small', ['a', 'b']);
    await done;
    const records = traces.records('small') ?? [];
    const json = JSON.stringify(records);
    // The scan carried 1000 symbols in params and 2 × 50 opportunities with 500-character rationales.
    expect(json).not.toContain('SYM999');
    expect(json).not.toContain('xxxxxxxxxx');
    expect(json.length).toBeLessThan(12_000);
    const settled = records.find((r) => r.event?.type === 'STRATEGY.SETTLED');
    expect(settled?.event).toMatchObject({ strategy: 'a', status: 'succeeded', found: 50, truncated: false });
    expect(records.at(-1)?.strategies).toMatchObject({ a: { status: 'succeeded', opportunities: 50 }, b: { status: 'succeeded' } });
    // Action events and the strategy children's init events are left out.
    expect(records.some((r) => !r.root && r.event?.type === 'xstate.init')).toBe(false);
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['actor', 'event', 'microstep', 'snapshot']));
  });
});

describe('bounds', () => {
  it('keeps at most `cap` records: the first half and the newest half', async () => {
    const traces = new TraceStore({ cap: 10 });
    const { done } = fakeScan(traces, 'capped', ['a', 'b', 'c', 'd', 'e', 'f']);
    await done;
    const records = traces.records('capped') ?? [];
    expect(records).toHaveLength(10);
    expect(records.slice(0, 5).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    // The end survives: the last record is the final snapshot, and seq shows the gap.
    expect(records.at(-1)).toMatchObject({ root: true, kind: 'snapshot', status: 'done', state: 'complete' });
    expect(records[5]?.seq).toBeGreaterThan(6);
    const seqs = records.map((r) => r.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  });

  it('a cap of 1 keeps the newest record; a cap of 0 turns tracing off', async () => {
    const one = new TraceStore({ cap: 1 });
    await fakeScan(one, 's', ['a']).done;
    expect(one.records('s')).toMatchObject([{ kind: 'snapshot', status: 'done' }]);
    const off = new TraceStore({ cap: 0 });
    expect(off.inspectorFor('s')).toBeUndefined();
    expect(off.has('s')).toBe(false);
    expect(() => new TraceStore({ cap: -1 })).toThrow(RangeError);
  });

  it('keeps at most `maxScans` traces, dropping the oldest', () => {
    const traces = new TraceStore({ cap: 100, maxScans: 2 });
    traces.inspectorFor('a');
    traces.inspectorFor('b');
    traces.inspectorFor('c');
    expect([traces.has('a'), traces.has('b'), traces.has('c')]).toEqual([false, true, true]);
    expect(traces.size).toBe(2);
  });

  it('bounds live listeners, and a listener is released when the trace ends', async () => {
    const traces = new TraceStore({ cap: 100, maxListeners: 1 });
    const { actor, done } = fakeScan(traces, 'live', ['a'], 20);
    const seen: TraceRecord[] = [];
    let ended = false;
    const first = traces.subscribe('live', { record: (r) => seen.push(r), end: () => (ended = true) });
    expect(first.ok).toBe(true);
    expect(traces.subscribe('live', { record: () => undefined, end: () => undefined })).toEqual({ ok: false, reason: 'busy' });
    expect(traces.subscribe('nope', { record: () => undefined, end: () => undefined })).toEqual({ ok: false, reason: 'unknown' });
    await done;
    expect(ended).toBe(true);
    expect(traces.listenerCount).toBe(0);
    // Backlog + live = the whole trace, each record once.
    const backlog = first.ok ? first.backlog : [];
    expect([...backlog, ...seen].map((r) => r.seq)).toEqual((traces.records('live') ?? []).map((r) => r.seq));
    actor.stop();
    // A finished trace registers no listener.
    const late = traces.subscribe('live', { record: () => undefined, end: () => undefined });
    expect(late).toMatchObject({ ok: true, done: true });
    expect(traces.listenerCount).toBe(0);
  });

  it('a failing listener closes the trace and is reported; the scan itself goes on', async () => {
    const errors: [unknown, string][] = [];
    const traces = new TraceStore({ cap: 100, onError: (err, scanId) => errors.push([err, scanId]) });
    const { actor, done } = fakeScan(traces, 'bad', ['a', 'b'], 5);
    let ended = false;
    traces.subscribe('bad', {
      record: () => {
        throw new Error('listener bug');
      },
      end: () => (ended = true),
    });
    await done;
    expect(actor.getSnapshot()).toMatchObject({ status: 'done', value: 'complete' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe('bad');
    expect(ended).toBe(true);
    expect(traces.listenerCount).toBe(0);
  });

  it('drop ends live listeners and ignores later events of the scan', async () => {
    const traces = new TraceStore({ cap: 100 });
    const { done } = fakeScan(traces, 'gone', ['a'], 30);
    let ended = false;
    traces.subscribe('gone', { record: () => undefined, end: () => (ended = true) });
    traces.drop('gone');
    expect(ended).toBe(true);
    expect(traces.listenerCount).toBe(0);
    await done;
    expect(traces.has('gone')).toBe(false);
  });
});
