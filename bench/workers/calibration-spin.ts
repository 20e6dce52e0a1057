// Scaling suite calibration: pure integer work for `workerData.ms`, reporting how many rounds it did. Several of these at
// once show how much parallel CPU the machine really gives right now (a shared VM may give less than its core count).
import { parentPort, workerData } from 'node:worker_threads';

const until = performance.now() + (workerData as { ms: number }).ms;
let rounds = 0;
let x = 0;
while (performance.now() < until) {
  for (let i = 0; i < 100_000; i++) x = (x + i * 7) | 0;
  rounds++;
}
parentPort?.postMessage(rounds + (x & 0));
