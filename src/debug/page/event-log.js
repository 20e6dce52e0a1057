// The event log: one table row per trace record, up to the replay cursor (or the newest record when live).
import { describeRecord } from './trace-model.js';

const MAX_ROWS = 400;

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function row(cells, className) {
  const tr = document.createElement('tr');
  if (className) tr.className = className;
  tr.append(...cells.map(cell));
  return tr;
}

/** Renders records[..cursor] (the last MAX_ROWS of them); `base` is the time shown as +0 ms. */
export function renderLog(tbody, records, cursor, base) {
  const end = Math.min(cursor, records.length - 1);
  const start = Math.max(0, end - MAX_ROWS + 1);
  const rows = [];
  if (start > 0) rows.push(row(['…', '', '', '', `${start} earlier records not shown`], 'gap'));
  let previousSeq = start > 0 ? records[start - 1].seq : 0;
  for (let i = start; i <= end; i++) {
    const r = records[i];
    if (r.seq > previousSeq + 1) rows.push(row(['…', '', '', '', `${r.seq - previousSeq - 1} records dropped by the trace cap`], 'gap'));
    previousSeq = r.seq;
    const actor = r.root ? 'scan' : r.actor;
    const classes = [r.root ? 'root' : '', i === end ? 'current' : ''].filter(Boolean).join(' ');
    rows.push(row([String(r.seq), base === undefined ? '' : String(r.at - base), actor, r.kind, describeRecord(r)], classes));
  }
  tbody.replaceChildren(...rows);
  // Scroll the log box only (scrollIntoView would also scroll the page while a scan streams in).
  const current = tbody.querySelector('tr.current');
  const box = tbody.closest('.log-wrap');
  if (current && box && (current.offsetTop < box.scrollTop || current.offsetTop + current.offsetHeight > box.scrollTop + box.clientHeight)) {
    box.scrollTop = current.offsetTop - box.clientHeight + current.offsetHeight * 2;
  }
}
