/** The env variable naming the recorded real results the replay catalogue serves (the pool's workers inherit it). */
export const REPLAY_FILE_ENV = 'BENCH_REPLAY_FILE';
