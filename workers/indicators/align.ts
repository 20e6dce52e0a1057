// Cross-sectional strategies need every symbol's closes on the same timestamps. Synthetic markets already share one
// time axis (returned as-is, no copy); CSV symbols may not, so their closes are cut down to the common timestamps.
import type { SymbolSeries } from '../market-data.js';

export interface AlignedCloses {
  time: ArrayLike<number>;
  closes: ArrayLike<number>[];
}

export function alignCloses(series: readonly SymbolSeries[]): AlignedCloses {
  const first = series[0];
  if (!first) return { time: new Float64Array(0), closes: [] };
  if (series.every((s) => sameAxis(s.time, first.time))) return { time: first.time, closes: series.map((s) => s.close) };
  // Walk the first symbol's axis; a cursor per symbol finds each timestamp (all axes are strictly increasing).
  const cursors = new Int32Array(series.length);
  const rows: Int32Array[] = [];
  const time: number[] = [];
  for (let i = 0; i < first.time.length; i++) {
    const t = first.time[i] as number;
    cursors[0] = i;
    let everywhere = true;
    for (let k = 1; k < series.length && everywhere; k++) {
      const axis = (series[k] as SymbolSeries).time;
      let c = cursors[k] as number;
      while (c < axis.length && (axis[c] as number) < t) c++;
      cursors[k] = c;
      everywhere = c < axis.length && axis[c] === t;
    }
    if (everywhere) {
      time.push(t);
      rows.push(cursors.slice());
    }
  }
  const closes = series.map((s, k) => {
    const out = new Float64Array(rows.length);
    rows.forEach((row, j) => (out[j] = s.close[row[k] as number] as number));
    return out;
  });
  return { time: Float64Array.from(time), closes };
}

function sameAxis(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
