// The visualizer page: the statechart, the recent scans, and the selected scan live (or a trace replayed step by step).
// Data: GET /debug/graph.json (laid-out chart), GET/POST /v1/scans (list, start), GET /v1/scans/:id/inspect (trace
// records, live SSE), GET /v1/scans/:id/trace (save), GET /debug/pool.json (the pool view, polled). Every URL is
// relative: the page talks to this service only.
/* global history, location, setInterval, setTimeout, clearTimeout, requestAnimationFrame, Blob, URL, URLSearchParams, AbortController */
import { getJson, loadIdentity, postJson, readEvents, saveIdentity } from './api.js';
import { highlightChart, renderChart } from './chart.js';
import { renderLog } from './event-log.js';
import { costsText, summaryText } from './pool-model.js';
import { renderPool } from './pool-view.js';
import { createReplay, parseTraceFile } from './replay.js';
import { renderTimeline } from './timeline.js';
import { foldTrace } from './trace-model.js';

const $ = (selector) => document.querySelector(selector);
const chartSvg = $('#chart');
const timelineSvg = $('#timeline');
const logBody = $('#log tbody');
const statusLine = $('#status');
const message = $('#message');

let identity = loadIdentity();
let graph;
/** The selected scan, streamed live. `clockOffset` maps this browser's clock onto the server's record times. */
const live = { scanId: undefined, records: [], done: false, abort: undefined, clockOffset: 0 };
const replay = createReplay($('#replay'), () => scheduleRender());
let replayLabel = '';

function say(text) {
  message.textContent = text;
}

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function render() {
  if (!graph) return;
  const records = replay.active ? replay.records : live.records;
  const cursor = replay.active ? replay.cursor : records.length - 1;
  const view = foldTrace(records, cursor);
  highlightChart(chartSvg, graph, view);
  const now = replay.active || view.done ? (view.at ?? 0) : Date.now() + live.clockOffset;
  renderTimeline(timelineSvg, view, now);
  renderLog(logBody, records, cursor, view.createdAt ?? records[0]?.at);
  const strategies = Object.values(view.strategies);
  const settled = strategies.filter((s) => s.status !== 'queued' && s.status !== 'running').length;
  const source = replay.active ? `replay of ${replayLabel}` : live.scanId ? `scan ${live.scanId}` : 'no scan selected';
  statusLine.dataset.state = view.state ?? '';
  statusLine.textContent = view.state
    ? `${source} · state ${view.state}${view.done ? ' (final)' : ''} · v${view.version} · ${settled}/${strategies.length} strategies settled` +
      (view.dropped ? ` · ${view.dropped} records dropped by the trace cap` : '')
    : `${source}${records.length === 0 && live.scanId ? ' · waiting for records…' : ''}`;
}

/** Follows the scan's trace: backlog, then live records, until `end`; resumes after a dropped connection. */
async function follow(scanId, signal) {
  for (let attempt = 0; attempt < 5 && !signal.aborted && !live.done; attempt++) {
    const lastSeq = live.records.at(-1)?.seq ?? 0;
    try {
      await readEvents(`/v1/scans/${encodeURIComponent(scanId)}/inspect`, identity, {
        signal,
        lastEventId: lastSeq,
        onEvent(event) {
          if (event.event === 'trace') {
            const record = JSON.parse(event.data);
            if (record.seq <= (live.records.at(-1)?.seq ?? 0)) return;
            live.records.push(record);
            live.clockOffset = record.at - Date.now();
          } else if (event.event === 'end') {
            live.done = true;
            void refreshScans();
          }
          scheduleRender();
        },
      });
    } catch (err) {
      if (signal.aborted) return;
      say(`Trace of ${scanId}: ${err.message}`);
      // Gone for good (unknown scan, or no trace): retrying would not help.
      if (/NOT_FOUND/.test(err.message)) return;
    }
    if (!live.done) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function select(scanId) {
  live.abort?.abort();
  replay.exit();
  Object.assign(live, { scanId, records: [], done: false, abort: new AbortController(), clockOffset: 0 });
  history.replaceState(null, '', `?scan=${encodeURIComponent(scanId)}`);
  for (const item of document.querySelectorAll('#scans li')) item.classList.toggle('selected', item.dataset.scanId === scanId);
  $('#save-trace').disabled = false;
  $('#replay-current').disabled = false;
  say('');
  scheduleRender();
  drawPool(); // highlights the newly selected scan's spans now, paused or not
  void follow(scanId, live.abort.signal);
}

async function refreshScans() {
  try {
    const { scans } = await getJson('/v1/scans?limit=20', identity);
    const items = scans.map((scan) => {
      const li = document.createElement('li');
      li.dataset.scanId = scan.id;
      li.dataset.state = scan.state;
      li.classList.toggle('selected', scan.id === live.scanId);
      const button = document.createElement('button');
      button.type = 'button';
      const badge = document.createElement('span');
      badge.className = `badge st-${scan.state}`;
      badge.textContent = scan.state;
      const settled = scan.progress.total - scan.progress.queued - scan.progress.running;
      button.append(badge, ` ${settled}/${scan.progress.total} · ${scan.createdAt.slice(11, 19)}`, document.createElement('br'), scan.id);
      button.addEventListener('click', () => select(scan.id));
      li.append(button);
      return li;
    });
    $('#scans').replaceChildren(...items);
  } catch (err) {
    say(`Scan list: ${err.message}`);
  }
}

const POOL_POLL_MS = 1000;
const pool = { timer: undefined, busy: false, view: undefined };

/**
 * Polls the pool view every second while the page is visible (a hidden tab costs the server nothing), one request at a
 * time; "pause" freezes the view so that a span can be hovered before it scrolls away.
 */
function schedulePool(delayMs) {
  if (pool.timer !== undefined || pool.busy || document.hidden || $('#pool-pause').checked) return;
  pool.timer = setTimeout(() => void pollPool(), delayMs);
}

async function pollPool() {
  pool.timer = undefined;
  pool.busy = true;
  try {
    pool.view = await getJson(`/debug/pool.json?sinceMs=${$('#pool-window').value}`, identity);
    drawPool();
  } catch (err) {
    $('#pool-status').textContent = `Pool: ${err.message}`;
  } finally {
    pool.busy = false;
  }
  schedulePool(POOL_POLL_MS);
}

function drawPool() {
  if (!pool.view) return;
  const { summary } = renderPool($('#pool'), pool.view, { selected: live.scanId });
  $('#pool-status').textContent = [summaryText(summary, pool.view.now - pool.view.since), costsText(pool.view.costs)].filter(Boolean).join(' · ');
}

function restartPool() {
  clearTimeout(pool.timer);
  pool.timer = undefined;
  schedulePool(0);
}

async function startScan(form) {
  const data = new window.FormData(form);
  const body = { force: true };
  const strategies = String(data.get('strategies') ?? '').split(/[\s,]+/).filter(Boolean);
  if (strategies.length > 0) body.strategies = strategies;
  for (const field of ['budgetMs', 'strategyTimeoutMs']) {
    if (data.get(field)) body[field] = Number(data.get(field));
  }
  try {
    const snapshot = await postJson('/v1/scans', body, identity);
    select(snapshot.id);
    await refreshScans();
  } catch (err) {
    say(`Start scan: ${err.message}`);
  }
}

async function saveTrace() {
  if (!live.scanId) return;
  try {
    const records = await getJson(`/v1/scans/${encodeURIComponent(live.scanId)}/trace`, identity);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(records, null, 1)], { type: 'application/json' }));
    link.download = `scan-${live.scanId}.trace.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (err) {
    say(`Save trace: ${err.message}`);
  }
}

function wire() {
  const idForm = $('#identity');
  idForm.user.value = identity.user;
  idForm.token.value = identity.token;
  idForm.addEventListener('change', () => {
    identity = { user: idForm.user.value.trim(), token: idForm.token.value.trim() };
    saveIdentity(identity);
    void refreshScans();
  });
  $('#start').addEventListener('submit', (event) => {
    event.preventDefault();
    void startScan(event.currentTarget);
  });
  $('#save-trace').addEventListener('click', () => void saveTrace());
  $('#pool-window').addEventListener('change', restartPool);
  $('#pool-pause').addEventListener('change', restartPool);
  document.addEventListener('visibilitychange', restartPool);
  $('#replay-current').addEventListener('click', () => {
    replayLabel = `scan ${live.scanId}`;
    replay.start([...live.records]);
  });
  $('#trace-file').addEventListener('change', async (event) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    try {
      const records = parseTraceFile(await file.text());
      replayLabel = file.name;
      replay.start(records);
      say('');
    } catch (err) {
      say(`Trace file: ${err.message}`);
    }
  });
}

async function main() {
  wire();
  try {
    graph = await getJson('/debug/graph.json', identity);
    renderChart(chartSvg, graph);
  } catch (err) {
    say(`Statechart: ${err.message}`);
  }
  schedulePool(0);
  await refreshScans();
  setInterval(() => void refreshScans(), 2000);
  // Running bars grow with time even when no record arrives.
  setInterval(() => {
    if (!replay.active && live.scanId && !live.done && !foldTrace(live.records).done) scheduleRender();
  }, 200);
  const wanted = new URLSearchParams(location.search).get('scan');
  if (wanted) select(wanted);
  render();
}

void main();
