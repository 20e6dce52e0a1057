// The pool view: one lane per worker thread over the last N seconds, each task a bar labelled with its strategy (and,
// for the caller's own scans, a short scan id), the queue depth as a step chart underneath, and marks where workers were
// created, destroyed, hard-aborted or preempted. Data: GET /debug/pool.json, modelled by pool-model.js.
import { clear, svgEl } from './svg.js';
import { fitLabel, poolLayout, shortScanId } from './pool-model.js';

const WIDTH = 960;
const LEFT = 96;
const RIGHT = 16;
const AXIS = 22;
const LANE = 26;
const BAR = 18;
const GAP = 14;
const QUEUE = 60;
const CHAR = 6.7;

const MARK_TEXT = {
  worker_created: 'worker created',
  worker_destroyed: 'worker destroyed',
  hard_abort: 'hard abort (worker terminated)',
  preempted: 'preempted',
};

const ms = (n) => `${Math.round(n)} ms`;

function spanTitle(s, threadId) {
  const scan = s.own ? `your scan ${s.scanId}` : s.scanId === null ? 'another user’s scan or background work' : `scan ${s.scanId}`;
  const lines = [
    `${s.strategy}${s.chunk ? ` · chunk ${s.chunk.index + 1} of ${s.chunk.total}` : ''} · ${scan}`,
    `thread ${threadId} · ${s.running ? 'running' : (s.status ?? 'ended')} · ${ms((s.endedAt ?? s.to) - s.startedAt)}`,
  ];
  if (s.speculative) lines.push('speculative: started although predicted to miss its deadline');
  if (s.hardAborted) lines.push('hard-aborted: its worker was terminated');
  return lines.join('\n');
}

/** A small glyph per mark type, centred on (x, y). */
function markGlyph(mark, x, y) {
  const title = svgEl('title', {}, [`${MARK_TEXT[mark.type] ?? mark.type}${mark.strategy ? ` · ${mark.strategy}` : ''}${mark.own ? ` · ${shortScanId(mark.scanId)}` : ''}`]);
  const attrs = { class: `pool-mark mark-${mark.type}`, 'data-mark': mark.type };
  const d = {
    worker_created: `M ${x - 4} ${y - 6} L ${x + 5} ${y} L ${x - 4} ${y + 6} Z`,
    worker_destroyed: `M ${x - 4} ${y - 4} L ${x + 4} ${y + 4} M ${x + 4} ${y - 4} L ${x - 4} ${y + 4}`,
    hard_abort: `M ${x - 5} ${y - 5} L ${x + 5} ${y + 5} M ${x + 5} ${y - 5} L ${x - 5} ${y + 5}`,
    preempted: `M ${x - 5} ${y - 5} L ${x + 5} ${y - 5} L ${x} ${y + 2} Z`,
  }[mark.type] ?? `M ${x} ${y - 6} L ${x} ${y + 6}`;
  return svgEl('path', { ...attrs, d }, [title]);
}

function drawSpan(s, threadId, x, mid) {
  const left = x(s.from);
  const width = Math.max(2, x(s.to) - left);
  const classes = ['pool-span', s.own ? 'own' : 'other', s.selected && 'selected', s.speculative && 'speculative', s.running && 'running'];
  const group = svgEl('g', {
    class: classes.filter(Boolean).join(' '),
    'data-thread': threadId,
    'data-strategy': s.strategy,
    'data-chunk': s.chunk ? `${s.chunk.index + 1}/${s.chunk.total}` : undefined,
    'data-status': s.running ? 'running' : (s.status ?? ''),
    'data-scan-id': s.own ? s.scanId : undefined,
    'data-speculative': s.speculative ? 'true' : undefined,
    'data-hard-aborted': s.hardAborted ? 'true' : undefined,
  });
  group.append(svgEl('title', {}, [spanTitle(s, threadId)]));
  group.append(svgEl('rect', { class: 'bar', x: left, y: mid - BAR / 2, width, height: BAR, rx: 3 }));
  if (s.speculative) group.append(svgEl('rect', { class: 'hatch', x: left, y: mid - BAR / 2, width, height: BAR, rx: 3, fill: 'url(#pool-hatch)' }));
  // The outcome as a thin cap on the bar's end; a hard abort as a taller red bar that sticks out of the lane.
  if (!s.running && !s.hardAborted) group.append(svgEl('rect', { class: `cap st-${s.status}`, x: left + width - 3, y: mid - BAR / 2, width: 3, height: BAR }));
  if (s.hardAborted) group.append(svgEl('rect', { class: 'abort-end', x: left + width - 2, y: mid - LANE / 2 + 1, width: 4, height: LANE - 2 }));
  const label = fitLabel(s.label, width - 8, CHAR);
  if (label) group.append(svgEl('text', { x: left + 4, y: mid + 4 }, [label]));
  return group;
}

/** The queue depth as steps, filled underneath, scaled to the window's maximum. */
function drawQueue(layout, x, top) {
  const group = svgEl('g', { class: 'pool-queue', 'data-max-depth': layout.maxDepth });
  const bottom = top + QUEUE;
  const y = (depth) => bottom - (depth / Math.max(1, layout.maxDepth)) * (QUEUE - 6);
  group.append(svgEl('text', { x: 6, y: top + 14 }, ['queue']));
  group.append(svgEl('text', { x: LEFT - 8, y: top + 12, 'text-anchor': 'end', class: 'muted' }, [String(Math.max(1, layout.maxDepth))]));
  group.append(svgEl('text', { x: LEFT - 8, y: bottom, 'text-anchor': 'end', class: 'muted' }, ['0']));
  group.append(svgEl('line', { class: 'baseline', x1: LEFT, x2: WIDTH - RIGHT, y1: bottom, y2: bottom }));
  if (layout.queue.length === 0) {
    group.append(svgEl('text', { x: LEFT + 6, y: bottom - 6, class: 'muted' }, ['no queue samples in this window']));
    return group;
  }
  let line = '';
  for (const step of layout.queue) {
    line += `${line ? 'L' : 'M'} ${x(step.from)} ${y(step.depth)} L ${x(step.to)} ${y(step.depth)} `;
  }
  const first = layout.queue[0];
  const last = layout.queue[layout.queue.length - 1];
  group.append(svgEl('path', { class: 'area', d: `${line}L ${x(last.to)} ${bottom} L ${x(first.from)} ${bottom} Z` }));
  group.append(svgEl('path', { class: 'step', d: line }, [svgEl('title', {}, [`queue depth now ${last.depth}, max ${layout.maxDepth}`])]));
  return group;
}

/** Draws `view` (GET /debug/pool.json) into `svg`; spans of scan `selected` are highlighted. Returns the model drawn. */
export function renderPool(svg, view, { selected } = {}) {
  const layout = poolLayout(view, { selected });
  clear(svg);
  const lanesHeight = Math.max(1, layout.lanes.length) * LANE;
  const queueTop = AXIS + lanesHeight + GAP;
  const height = queueTop + QUEUE + 8;
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  svg.setAttribute('width', String(WIDTH));
  svg.dataset.lanes = String(layout.lanes.length);
  const span = Math.max(1, layout.now - layout.since);
  const x = (t) => LEFT + ((Math.min(layout.now, Math.max(layout.since, t)) - layout.since) / span) * (WIDTH - LEFT - RIGHT);

  svg.append(svgEl('defs', {}, [
    svgEl('pattern', { id: 'pool-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [
      svgEl('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }),
    ]),
  ]));
  const axis = svgEl('g', { class: 'axis' });
  for (const tick of layout.ticks) {
    axis.append(svgEl('line', { class: 'grid', x1: x(tick.at), x2: x(tick.at), y1: AXIS - 4, y2: height - 8 }));
    axis.append(svgEl('text', { x: x(tick.at), y: AXIS - 8, 'text-anchor': tick.label === 'now' ? 'end' : 'middle', class: 'muted' }, [tick.label]));
  }
  svg.append(axis);

  if (layout.lanes.length === 0) {
    svg.append(svgEl('text', { x: LEFT + 6, y: AXIS + LANE / 2 + 4, class: 'muted' }, ['No worker ran a task in this window.']));
  }
  layout.lanes.forEach((lane, row) => {
    const top = AXIS + row * LANE;
    const mid = top + LANE / 2;
    const state = lane.destroyed ? 'destroyed' : 'live';
    const group = svgEl('g', { class: `pool-lane ${state}`, 'data-thread': lane.threadId, 'data-spans': lane.spans.length });
    group.append(svgEl('rect', { class: 'lane-bg', x: LEFT, y: top + 1, width: WIDTH - LEFT - RIGHT, height: LANE - 2 }));
    const note = lane.destroyed ? 'destroyed in this window' : 'Node threadId; a replacement worker is a new thread, a new lane';
    group.append(svgEl('text', { x: 6, y: mid + 4 }, [`thread ${lane.threadId}`, svgEl('title', {}, [note])]));
    for (const s of lane.spans) group.append(drawSpan(s, lane.threadId, x, mid));
    for (const mark of lane.marks) group.append(markGlyph(mark, x(mark.at), mid));
    svg.append(group);
  });
  if (layout.hiddenLanes > 0) {
    svg.append(svgEl('text', { x: 6, y: AXIS - 8, class: 'muted' }, [`+${layout.hiddenLanes} older lanes`]));
  }
  svg.append(drawQueue(layout, x, queueTop));
  // Marks with no thread (e.g. a queued task preempted) belong to the pool as a whole: drawn on the queue chart.
  for (const mark of layout.poolMarks) svg.append(markGlyph(mark, x(mark.at), queueTop + 6));
  return layout;
}
