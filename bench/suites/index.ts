// Every suite, in the order `npm run bench` runs them.
import type { SuiteName } from '../lib/options.js';
import type { Suite } from '../lib/suite.js';
import { clusterSuite } from './cluster.js';
import { dataSharingSuite } from './data-sharing.js';
import { deadlineSuite } from './deadline.js';
import { dispatchSuite } from './dispatch.js';
import { memorySuite } from './memory.js';
import { refusalsSuite } from './refusals.js';
import { scalingSuite } from './scaling.js';
import { schedulingSuite } from './scheduling.js';
import { statusLatencySuite } from './status-latency.js';
import { strategiesSuite } from './strategies.js';
import { throughputSuite } from './throughput.js';

const ALL: readonly Suite[] = [strategiesSuite, scalingSuite, dispatchSuite, dataSharingSuite, deadlineSuite, schedulingSuite, statusLatencySuite, throughputSuite, refusalsSuite, memorySuite, clusterSuite];

export const SUITES: ReadonlyMap<SuiteName, Suite> = new Map(ALL.map((s) => [s.name, s]));
