// GET /metrics is Prometheus text that a parser accepts, with the scanner_* families (recorded from real scans) and the
// process/Node defaults.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createHarness, jsonInit, waitForFinal, type Harness } from '../http/support/harness.js';

type PromFamily = parsePrometheusTextFormat.PromFamily;

let h: Harness;
let families: Map<string, PromFamily>;
let text: string;

beforeAll(async () => {
  h = createHarness({ SCANNER_QUARANTINE_AFTER: '1' });
  const starts = [
    { strategies: ['fast', 'fast_b'] },
    { strategies: ['fast', 'throws'] },
    { strategies: ['spins', 'fast'], strategyTimeoutMs: 300, budgetMs: 5000 },
  ];
  for (const [i, body] of starts.entries()) {
    const res = await h.app.request('/v1/scans', asUser(`m${i}`, jsonInit('POST', body)));
    await waitForFinal(h.service.registry, ((await res.json()) as { id: string }).id);
  }
  const res = await h.app.request('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  text = await res.text();
  families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
});
afterAll(() => h.close());

/**
 * `<name>_count` samples of a labelled histogram, by their label string. (The parser folds a labelled histogram's
 * series into one and drops the labels, so these are read from the text itself.)
 */
function histogramCounts(name: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`^${name}_count\\{(.*)\\} (\\S+)$`, 'gm'))) counts.set(match[1] ?? '', Number(match[2]));
  return counts;
}

const family = (name: string): PromFamily => {
  const f = families.get(name);
  if (!f) throw new Error(`metric ${name} missing`);
  return f;
};

describe('GET /metrics', () => {
  it('flags a quarantined strategy (here after one hard kill)', () => {
    expect(family('scanner_strategy_quarantined').metrics).toEqual([{ labels: { strategy: 'spins' }, value: '1' }]);
  });

  it('has the scanner metrics with their types', () => {
    const expected: Record<string, PromFamily['type']> = {
      scanner_scans_started_total: 'COUNTER',
      scanner_scan_duration_seconds: 'HISTOGRAM',
      scanner_strategy_duration_seconds: 'HISTOGRAM',
      scanner_strategy_timeouts_total: 'COUNTER',
      scanner_strategy_failures_total: 'COUNTER',
      scanner_http_request_duration_seconds: 'HISTOGRAM',
      scanner_pool_queue_size: 'GAUGE',
      scanner_pool_utilization_ratio: 'GAUGE',
      scanner_pool_threads: 'GAUGE',
      scanner_strategy_quarantined: 'GAUGE',
      scanner_scans_active: 'GAUGE',
      scanner_scans_retained: 'GAUGE',
      scanner_event_loop_lag_seconds: 'GAUGE',
    };
    for (const [name, type] of Object.entries(expected)) expect({ name, type: family(name).type }).toEqual({ name, type });
  });

  it('includes the process and Node defaults', () => {
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(families.has(name)).toBe(true);
    }
  });

  it('records scans by final state and strategies by outcome, timeouts and failures', () => {
    expect(Object.fromEntries(histogramCounts('scanner_scan_duration_seconds'))).toEqual({ 'state="complete"': 1, 'state="partial"': 2 });
    expect(family('scanner_scans_started_total').metrics[0]?.value).toBe('3');
    const strategies = [...histogramCounts('scanner_strategy_duration_seconds').keys()];
    for (const [strategy, outcome] of [['fast', 'succeeded'], ['fast_b', 'succeeded'], ['throws', 'failed'], ['spins', 'timed_out']]) {
      expect(strategies).toContain(`strategy="${strategy}",outcome="${outcome}"`);
    }
    expect(family('scanner_strategy_timeouts_total').metrics).toEqual([{ labels: { strategy: 'spins' }, value: '1' }]);
    expect(family('scanner_strategy_failures_total').metrics).toEqual([{ labels: { strategy: 'throws', code: 'STRATEGY_FAILED' }, value: '1' }]);
    expect(family('scanner_pool_threads').metrics[0]?.value).toBe('3'); // two task slots and the warm spare
    expect(family('scanner_scans_retained').metrics[0]?.value).toBe('3');
  });

  it('labels HTTP requests by route pattern, never by id', () => {
    const series = [...histogramCounts('scanner_http_request_duration_seconds').keys()];
    expect(series).toContain('method="POST",route="/v1/scans",status="202"');
    for (const labels of series) expect(labels).not.toMatch(/[A-Za-z0-9_-]{21}/);
  });
});
