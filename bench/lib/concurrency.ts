// Keeps `concurrency` jobs in flight until `count` have run: a steady load rather than bursts of synchronized waves.
export async function runWindowed(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
