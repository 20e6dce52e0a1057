// Turns GET /debug/pool.json (src/debug/pool-view.ts) into what the pool view draws: one lane per worker thread, spans
// clipped to the window, the queue as steps, and time ticks. No DOM here, so it is tested without a browser.

/** Tick spacings, ms: the first that gives at most 8 ticks across the window. */
const STEPS = [100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000];

/** A scan id short enough for a label and still telling scans apart on one screen. */
export const shortScanId = (id) => (id ? id.slice(0, 6) : '');

/** `text` cut to what fits in `width` px at `charWidth` px a character ('' when not even 3 characters fit). */
export function fitLabel(text, width, charWidth) {
  const fits = Math.floor(width / charWidth);
  if (fits >= text.length) return text;
  return fits < 3 ? '' : `${text.slice(0, fits - 1)}…`;
}

/** Ticks at now, now − step, …: labelled by their distance from now, which is what one reads a rolling window by. */
export function timeTicks(since, now) {
  const width = Math.max(1, now - since);
  const step = STEPS.find((s) => width / s <= 8) ?? 1_800_000;
  const ticks = [];
  for (let back = 0; now - back >= since; back += step) {
    const label = back === 0 ? 'now' : back >= 60_000 && back % 60_000 === 0 ? `−${back / 60_000}m` : back >= 1000 ? `−${back / 1000}s` : `−${back}ms`;
    ticks.push({ at: now - back, label });
  }
  return ticks.reverse();
}

/** The queue as horizontal steps from its first known depth to now; before the first sample the depth is unknown. */
export function queueSteps(queue, since, now) {
  const steps = [];
  queue.forEach((sample, i) => {
    const from = Math.max(since, sample.at);
    const to = Math.min(now, queue[i + 1]?.at ?? now);
    if (to >= from) steps.push({ from, to, depth: sample.depth });
  });
  return steps;
}

function spanModel(span, since, now, selected) {
  const end = span.endedAt ?? now;
  // A chunk of a chunked strategy is labelled with its place among its siblings: "complex_strategy 3/16".
  const name = span.chunk ? `${span.strategy} ${span.chunk.index + 1}/${span.chunk.total}` : span.strategy;
  const label = span.own ? `${name} · ${shortScanId(span.scanId)}` : name;
  return {
    ...span,
    from: Math.max(since, span.startedAt),
    to: Math.max(Math.max(since, span.startedAt), Math.min(now, end)),
    running: span.endedAt === null,
    selected: span.own && selected !== undefined && span.scanId === selected,
    label,
  };
}

/**
 * The pool view's model. Lanes are ordered by threadId: Node numbers threads in creation order, so a replacement worker
 * shows up below the worker it replaced. At most `maxLanes` lanes, the newest, so a storm of hard aborts cannot grow the
 * page without bound.
 */
export function poolLayout(view, { selected, maxLanes = 32 } = {}) {
  const { since, now } = view;
  const byThread = new Map();
  const lane = (threadId) => {
    let l = byThread.get(threadId);
    if (!l) {
      l = { threadId, spans: [], marks: [], created: false, destroyed: false };
      byThread.set(threadId, l);
    }
    return l;
  };
  for (const span of view.spans) lane(span.threadId).spans.push(spanModel(span, since, now, selected));
  const poolMarks = [];
  for (const mark of view.marks) {
    if (mark.threadId === null) {
      poolMarks.push(mark);
      continue;
    }
    const l = lane(mark.threadId);
    l.marks.push(mark);
    if (mark.type === 'worker_created') l.created = true;
    if (mark.type === 'worker_destroyed') l.destroyed = true;
  }
  const all = [...byThread.values()].sort((a, b) => a.threadId - b.threadId);
  const lanes = all.slice(-maxLanes);
  for (const l of lanes) l.spans.sort((a, b) => a.startedAt - b.startedAt);
  const queue = queueSteps(view.queue, since, now);
  const maxDepth = Math.max(0, ...queue.map((s) => s.depth));
  const summary = {
    threads: view.threads,
    lanes: all.length,
    tasks: view.spans.length,
    running: view.spans.filter((s) => s.endedAt === null).length,
    hardAborts: view.spans.filter((s) => s.hardAborted).length,
    replaced: all.filter((l) => l.destroyed).length,
    maxDepth,
    depthNow: queue.at(-1)?.depth,
  };
  return { since, now, lanes, hiddenLanes: all.length - lanes.length, poolMarks, queue, maxDepth, ticks: timeTicks(since, now), summary };
}

/** One line under the heading: what one checks first when a scan ran late. */
/** Where the strategy costs plans use come from ("costs: 12 calibrated, 2 guessed"), or '' when the server does not say. */
export function costsText(costs) {
  if (!costs) return '';
  const parts = Object.entries(costs.counts)
    .filter(([, n]) => n > 0)
    .map(([source, n]) => `${n} ${source}`);
  return parts.length ? `costs: ${parts.join(', ')}` : '';
}

export function summaryText(summary, windowMs) {
  const parts = [
    `${summary.threads} thread${summary.threads === 1 ? '' : 's'}`,
    `${summary.lanes} lane${summary.lanes === 1 ? '' : 's'} in the last ${windowMs / 1000}s`,
    `${summary.tasks} task${summary.tasks === 1 ? '' : 's'} (${summary.running} running)`,
    `queue now ${summary.depthNow ?? '?'}, max ${summary.maxDepth}`,
  ];
  if (summary.hardAborts > 0) parts.push(`${summary.hardAborts} hard abort${summary.hardAborts === 1 ? '' : 's'}`);
  if (summary.replaced > 0) parts.push(`${summary.replaced} worker${summary.replaced === 1 ? '' : 's'} replaced`);
  return parts.join(' · ');
}
