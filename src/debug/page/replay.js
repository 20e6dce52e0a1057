// Step-by-step replay of a trace (a saved file, or the selected scan's records): first / previous / play / next / last
// and a slider. It only moves a cursor; app.js draws the trace up to it.
/* global setInterval, clearInterval */

const PLAY_EVERY_MS = 250;

export function createReplay(root, onChange) {
  const range = root.querySelector('#replay-range');
  const position = root.querySelector('#replay-position');
  const playButton = root.querySelector('[data-step="play"]');
  let records = [];
  let cursor = 0;
  let timer;

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    playButton.textContent = 'play';
  };
  const moveTo = (index) => {
    cursor = Math.max(0, Math.min(records.length - 1, index));
    range.value = String(cursor);
    const r = records[cursor];
    position.textContent = r ? `step ${cursor + 1} / ${records.length} · seq ${r.seq}` : '';
    if (cursor >= records.length - 1) stop();
    onChange();
  };
  const exit = () => {
    stop();
    root.hidden = true;
    onChange();
  };
  const steps = {
    exit,
    first: () => moveTo(0),
    prev: () => moveTo(cursor - 1),
    next: () => moveTo(cursor + 1),
    last: () => moveTo(records.length - 1),
    play: () => {
      if (timer) return stop();
      if (cursor >= records.length - 1) moveTo(0);
      playButton.textContent = 'pause';
      timer = setInterval(() => moveTo(cursor + 1), PLAY_EVERY_MS);
    },
  };
  root.addEventListener('click', (event) => {
    const step = event.target.closest('[data-step]')?.getAttribute('data-step');
    if (step && steps[step]) steps[step]();
  });
  range.addEventListener('input', () => moveTo(Number(range.value)));

  return {
    get active() {
      return !root.hidden;
    },
    get records() {
      return records;
    },
    get cursor() {
      return cursor;
    },
    start(newRecords) {
      stop();
      records = newRecords;
      range.max = String(Math.max(0, records.length - 1));
      root.hidden = false;
      moveTo(0);
    },
    exit,
  };
}

/** A parsed trace file: an array of records as GET /v1/scans/:id/trace returns (and `--trace` saves). */
export function parseTraceFile(text) {
  const records = JSON.parse(text);
  const valid = Array.isArray(records) && records.every((r) => r && typeof r.seq === 'number' && typeof r.kind === 'string');
  if (!valid) throw new Error('not a scan trace: expected a JSON array of trace records');
  return records;
}
