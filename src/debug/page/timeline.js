// One row per strategy: queued (grey) → running (blue) → outcome (coloured mark), with the strategy's own deadline (red
// tick) and the scan deadline (dashed red line) on a shared time axis from the scan's creation.
import { clear, svgEl } from './svg.js';

const WIDTH = 960;
const RIGHT = 190;
const ROW = 26;
const AXIS = 44;
const CHAR = 7.3;
const STEPS = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000];

function outcomeText(s) {
  if (s.status === 'queued' || s.status === 'running') return s.status;
  // A failure's code says why; a timeout's code would only repeat its status.
  const extra = s.opportunities ? ` · ${s.opportunities} found` : s.status === 'failed' && s.error ? ` · ${s.error.split(':')[0]}` : '';
  return `${s.status.replace('_', ' ')}${extra}`;
}

/** Draws `view` (see trace-model.js) as of wall-clock `now` (ms). */
export function renderTimeline(svg, view, now) {
  clear(svg);
  const ids = Object.keys(view.strategies);
  const height = AXIS + Math.max(1, ids.length) * ROW + 8;
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  svg.setAttribute('width', String(WIDTH));
  if (view.createdAt === undefined) {
    svg.append(svgEl('text', { x: 8, y: AXIS, class: 'muted' }, ['No scan data yet.']));
    return;
  }
  const t0 = view.createdAt;
  const scanEnd = view.done ? view.at : now;
  const finishes = ids.map((id) => view.strategies[id].finishedAt ?? 0);
  const span = Math.max(1, Math.max(view.deadlineAt ?? 0, scanEnd, ...finishes) - t0);
  // The label column fits the longest strategy id (within reason: the bars need the room more).
  const labelWidth = Math.min(240, Math.max(100, Math.ceil(Math.max(...ids.map((id) => id.length)) * CHAR) + 16));
  const barWidth = WIDTH - labelWidth - RIGHT;
  const x = (t) => labelWidth + (Math.max(0, t - t0) / span) * barWidth;
  const step = STEPS.find((s) => span / s <= 8) ?? 120000;
  const axis = svgEl('g', { class: 'axis' });
  for (let t = 0; t <= span; t += step) {
    axis.append(svgEl('line', { class: 'grid', x1: x(t0 + t), x2: x(t0 + t), y1: AXIS - 6, y2: height - 4 }));
    axis.append(svgEl('text', { x: x(t0 + t), y: AXIS - 10, 'text-anchor': 'middle', class: 'muted' }, [t >= 1000 ? `${t / 1000}s` : `${t}ms`]));
  }
  svg.append(axis);
  ids.forEach((id, row) => {
    const s = view.strategies[id];
    const y = AXIS + row * ROW;
    const mid = y + ROW / 2;
    const group = svgEl('g', { class: 'timeline-row', 'data-strategy': id, 'data-status': s.status }, [
      svgEl('text', { x: 6, y: mid + 4 }, [id]),
    ]);
    const queuedUntil = s.startedAt ?? (s.status === 'queued' ? now : (s.finishedAt ?? scanEnd));
    group.append(svgEl('rect', { class: 'queued', x: x(t0), y: mid - 4, width: Math.max(1, x(queuedUntil) - x(t0)), height: 8, rx: 2 }));
    if (s.startedAt !== undefined) {
      const runUntil = s.finishedAt ?? (s.status === 'running' ? now : scanEnd);
      group.append(svgEl('rect', { class: 'running', x: x(s.startedAt), y: mid - 7, width: Math.max(2, x(runUntil) - x(s.startedAt)), height: 14, rx: 3 }));
    }
    if (s.deadlineAt !== undefined) {
      group.append(svgEl('line', { class: 'strategy-deadline', x1: x(s.deadlineAt), x2: x(s.deadlineAt), y1: y + 3, y2: y + ROW - 3 }, [
        svgEl('title', {}, [`strategy deadline +${s.deadlineAt - t0} ms`]),
      ]));
    }
    if (s.status !== 'queued' && s.status !== 'running') {
      const at = x(s.finishedAt ?? scanEnd);
      group.append(svgEl('rect', { class: `outcome st-${s.status}`, x: at - 5, y: mid - 5, width: 10, height: 10, transform: `rotate(45 ${at} ${mid})` }));
    }
    group.append(svgEl('text', { x: WIDTH - RIGHT + 8, y: mid + 4, class: `st-${s.status}` }, [outcomeText(s)]));
    svg.append(group);
  });
  if (view.deadlineAt !== undefined) {
    const dx = x(view.deadlineAt);
    svg.append(svgEl('line', { class: 'scan-deadline', x1: dx, x2: dx, y1: 4, y2: height - 4 }, [svgEl('title', {}, ['scan deadline'])]));
    svg.append(svgEl('text', { x: dx - 4, y: 12, 'text-anchor': 'end', class: 'st-failed' }, ['scan deadline']));
  }
  if (!view.done) svg.append(svgEl('line', { class: 'now', x1: x(now), x2: x(now), y1: AXIS - 6, y2: height - 4 }));
}
