// The project root, whether this code runs compiled (dist/bench/lib) or from sources (bench/lib, through tsx).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const PROJECT_ROOT = here.split(path.sep).includes('dist') ? path.resolve(here, '../../..') : path.resolve(here, '../..');

export const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench', 'results');
