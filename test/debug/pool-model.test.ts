// The pool view's model (src/debug/page/pool-model.js, a plain page module): lanes, clipping, queue steps, ticks, labels.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PoolView, PoolViewSpan } from '../../src/debug/pool-view.js';

interface Step {
  from: number;
  to: number;
  depth: number;
}
interface ModelSpan extends PoolViewSpan {
  from: number;
  to: number;
  running: boolean;
  selected: boolean;
  label: string;
}
interface Lane {
  threadId: number;
  spans: ModelSpan[];
  marks: PoolView['marks'];
  created: boolean;
  destroyed: boolean;
}
interface Layout {
  lanes: Lane[];
  hiddenLanes: number;
  poolMarks: PoolView['marks'];
  queue: Step[];
  maxDepth: number;
  ticks: { at: number; label: string }[];
  summary: Record<string, number | undefined>;
}
/** The page module's exports, typed by what this test uses (the page is plain JS with no declarations). */
interface PoolModel {
  poolLayout(view: PoolView, options?: { selected?: string; maxLanes?: number }): Layout;
  queueSteps(queue: PoolView['queue'], since: number, now: number): Step[];
  timeTicks(since: number, now: number): { at: number; label: string }[];
  fitLabel(text: string, width: number, charWidth: number): string;
  summaryText(summary: Layout['summary'], windowMs: number): string;
  costsText(costs: PoolView['costs']): string;
}

let model: PoolModel;
beforeAll(async () => {
  model = (await import(pathToFileURL(path.resolve('src/debug/page/pool-model.js')).href)) as PoolModel;
});

const span = (over: Partial<PoolViewSpan>): PoolViewSpan => ({
  threadId: 1,
  scanId: null,
  own: false,
  strategy: 's',
  startedAt: 0,
  endedAt: 0,
  status: 'succeeded',
  speculative: false,
  hardAborted: false,
  ...over,
});

const view = (over: Partial<PoolView>): PoolView => ({ threads: 2, now: 10_000, since: 0, spans: [], marks: [], queue: [], costs: null, ...over });

describe('pool view model', () => {
  it('makes one lane per thread, in threadId order, from spans and from marks alone', () => {
    const layout = model.poolLayout(
      view({
        spans: [span({ threadId: 7, startedAt: 100 }), span({ threadId: 2, startedAt: 300 }), span({ threadId: 2, startedAt: 200 })],
        marks: [
          { type: 'worker_created', at: 50, threadId: 9, scanId: null, own: false },
          { type: 'worker_destroyed', at: 60, threadId: 7, scanId: null, own: false },
          { type: 'preempted', at: 70, threadId: null, scanId: null, own: false },
        ],
      }),
    );
    expect(layout.lanes.map((l) => [l.threadId, l.spans.length, l.created, l.destroyed])).toEqual([
      [2, 2, false, false],
      [7, 1, false, true],
      [9, 0, true, false],
    ]);
    expect(layout.lanes[0]?.spans.map((s) => s.startedAt)).toEqual([200, 300]);
    expect(layout.poolMarks.map((m) => m.type)).toEqual(['preempted']);
    expect(layout.summary).toMatchObject({ threads: 2, lanes: 3, tasks: 3, replaced: 1 });
  });

  it('keeps the newest lanes when there are more than maxLanes', () => {
    const spans = [1, 2, 3, 4, 5].map((threadId) => span({ threadId }));
    const layout = model.poolLayout(view({ spans }), { maxLanes: 3 });
    expect(layout.lanes.map((l) => l.threadId)).toEqual([3, 4, 5]);
    expect(layout.hiddenLanes).toBe(2);
  });

  it('clips spans to the window, runs open spans to now, and labels and highlights only own scans', () => {
    const layout = model.poolLayout(
      view({
        since: 1000,
        spans: [
          span({ startedAt: 500, endedAt: 2000, scanId: 'abcdefghij', own: true, strategy: 'momentum' }),
          span({ startedAt: 3000, endedAt: null, status: null, strategy: 'pairs' }),
          span({ startedAt: 4000, endedAt: 5000, scanId: 'zyxwvutsrq', own: true, strategy: 'carry' }),
        ],
      }),
      { selected: 'abcdefghij' },
    );
    const [a, b, c] = layout.lanes[0]?.spans ?? [];
    expect(a).toMatchObject({ from: 1000, to: 2000, running: false, selected: true, label: 'momentum · abcdef' });
    expect(b).toMatchObject({ from: 3000, to: 10_000, running: true, selected: false, label: 'pairs' });
    expect(c).toMatchObject({ selected: false, label: 'carry · zyxwvu' });
  });

  it('labels a chunk of a chunked strategy with its place among its siblings', () => {
    const layout = model.poolLayout(
      view({ spans: [span({ strategy: 'complex_strategy', chunk: { index: 2, total: 16 } }), span({ strategy: 'complex_strategy', scanId: 'abcdefghij', own: true, chunk: { index: 0, total: 16 } })] }),
    );
    expect(layout.lanes[0]?.spans.map((s) => s.label)).toEqual(['complex_strategy 3/16', 'complex_strategy 1/16 · abcdef']);
  });

  it('never highlights a foreign span, even when nothing is selected', () => {
    const layout = model.poolLayout(view({ spans: [span({ scanId: null, own: false })] }));
    expect(layout.lanes[0]?.spans[0]?.selected).toBe(false);
  });

  it('draws the queue as steps to now and knows its maximum', () => {
    const queue = [
      { at: 0, depth: 3 },
      { at: 4000, depth: 5 },
      { at: 6000, depth: 0 },
    ];
    expect(model.queueSteps(queue, 0, 10_000)).toEqual([
      { from: 0, to: 4000, depth: 3 },
      { from: 4000, to: 6000, depth: 5 },
      { from: 6000, to: 10_000, depth: 0 },
    ]);
    const layout = model.poolLayout(view({ queue }));
    expect(layout.maxDepth).toBe(5);
    expect(layout.summary.depthNow).toBe(0);
    expect(model.poolLayout(view({})).queue).toEqual([]);
  });

  it('ticks back from now, at most 9 of them, labelled by distance from now', () => {
    expect(model.timeTicks(0, 30_000).map((t) => t.label)).toEqual(['−30s', '−25s', '−20s', '−15s', '−10s', '−5s', 'now']);
    expect(model.timeTicks(0, 300_000).map((t) => t.label)).toEqual(['−5m', '−4m', '−3m', '−2m', '−1m', 'now']);
    expect(model.timeTicks(0, 10_000).length).toBeLessThanOrEqual(9);
    expect(model.timeTicks(0, 10_000).at(-1)).toEqual({ at: 10_000, label: 'now' });
  });

  it('cuts labels to the bar and drops them when under 3 characters fit', () => {
    expect(model.fitLabel('momentum', 100, 7)).toBe('momentum');
    expect(model.fitLabel('momentum', 35, 7)).toBe('mome…');
    expect(model.fitLabel('momentum', 14, 7)).toBe('');
  });

  it('summarises the window in one line', () => {
    const text = model.summaryText({ threads: 2, lanes: 3, tasks: 4, running: 1, hardAborts: 1, replaced: 1, maxDepth: 5, depthNow: 2 }, 30_000);
    expect(text).toBe('2 threads · 3 lanes in the last 30s · 4 tasks (1 running) · queue now 2, max 5 · 1 hard abort · 1 worker replaced');
  });
});

describe('where costs come from, on the pool view', () => {
  it('names each source with its count, and says nothing when the server does not track costs', async () => {
    const { costsText } = model;
    expect(costsText(null)).toBe('');
    const counts = { calibrated: 12, measured: 0, saved: 0, cluster: 0, guessed: 2 };
    expect(costsText({ key: 'k', stateFile: null, counts, strategies: [] })).toBe('costs: 12 calibrated, 2 guessed');
  });
});
