// Every suite, in the order `npm run bench` runs them.
import type { SuiteName } from '../lib/options.js';
import type { Suite } from '../lib/suite.js';
import { dataSharingSuite } from './data-sharing.js';
import { deadlineSuite } from './deadline.js';
import { dispatchSuite } from './dispatch.js';
import { memorySuite } from './memory.js';

export const SUITES: ReadonlyMap<SuiteName, Suite> = new Map([dispatchSuite, dataSharingSuite, deadlineSuite, memorySuite].map((s) => [s.name, s]));
