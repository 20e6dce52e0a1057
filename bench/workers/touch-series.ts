// Data-sharing suite: a piscina task that receives market-like series and reads both ends of each, so the data must be
// really there in the worker (shared or copied), without the reading itself costing anything that depends on the size.
export interface SeriesTask {
  series: Float64Array[];
}

export function touchSeries(task: SeriesTask): number {
  let sum = 0;
  for (const s of task.series) sum += (s[0] ?? 0) + (s[s.length - 1] ?? 0);
  return sum;
}
