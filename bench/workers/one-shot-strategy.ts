// Dispatch suite, variant (c): one strategy task in a brand-new worker thread, the way code without a pool would do it.
// The worker loads the same entry the pool uses (catalogue + market from workerData), runs one task, posts the reply and ends.
import { parentPort, workerData } from 'node:worker_threads';
import type { StrategyTaskMessage, StrategyWorkerData } from '../../workers/strategy-worker.js';

const { task } = workerData as StrategyWorkerData & { task: StrategyTaskMessage };
const { runStrategyTask } = await import('../../workers/strategy-worker.js');
parentPort?.postMessage(runStrategyTask(task));
