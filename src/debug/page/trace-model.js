// Folds trace records (see src/debug/trace-record.ts) into what the page draws at one point of a trace. Each scan
// snapshot record carries the whole scan (state, version, every strategy), so any prefix of a trace — even one with
// records dropped by the cap — can be drawn.

/** The scan as of records[0..upto]. */
export function foldTrace(records, upto = records.length - 1) {
  const view = {
    state: undefined,
    status: undefined,
    version: 0,
    createdAt: undefined,
    deadlineAt: undefined,
    strategies: {},
    visited: new Set(),
    lastTransition: undefined,
    done: false,
    at: undefined,
    dropped: 0,
  };
  let previousSeq = 0;
  for (let i = 0; i <= upto && i < records.length; i++) {
    const r = records[i];
    view.dropped += Math.max(0, r.seq - previousSeq - 1);
    previousSeq = r.seq;
    view.at = r.at;
    if (!r.root) continue;
    if (r.state !== undefined && r.state !== view.state) {
      if (view.state !== undefined) view.lastTransition = { from: view.state, to: r.state, event: r.event?.type ?? '' };
      view.state = r.state;
      view.visited.add(r.state);
    }
    if (r.kind === 'snapshot') {
      view.status = r.status;
      if (r.version !== undefined) view.version = r.version;
      if (r.createdAt !== undefined) view.createdAt = r.createdAt;
      if (r.deadlineAt !== undefined) view.deadlineAt = r.deadlineAt;
      if (r.strategies) view.strategies = r.strategies;
      if (r.status && r.status !== 'active') view.done = true;
    }
  }
  return view;
}

/** "running → partial (after budget)": the microstep's transitions, short. */
export function describeRecord(r) {
  const e = r.event ?? {};
  if (r.kind === 'actor') return r.root ? 'scan actor created' : 'spawned';
  if (r.kind === 'microstep') {
    return (r.transitions ?? [])
      .map((t) => {
        const to = t.targets.length > 0 ? t.targets.map(shortId).join(', ') : '(no target)';
        return `${shortId(t.source)} → ${to} on ${t.event === '' ? 'always' : t.event}`;
      })
      .join('; ');
  }
  const details = Object.entries(e)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => `${key}=${formatValue(key, value)}`)
    .join(' ');
  if (r.kind === 'snapshot' && r.root) return `${r.state} · ${r.status} · v${r.version ?? '?'} (${e.type})`;
  if (r.kind === 'snapshot') return `${r.status} (${e.type})`;
  return `${e.type}${r.source ? ` from ${r.source}` : ''}${details ? ` · ${details}` : ''}`;
}

function shortId(id) {
  return id.replace(/^scan\./, '') || id;
}

function formatValue(key, value) {
  // Wall-clock fields are epoch ms: show them as clock times.
  if (typeof value === 'number' && /(^at$|At$)/.test(key) && value > 1e12) return new Date(value).toISOString().slice(11, 23);
  return String(value);
}
