// Signals as processes started through npm receive them.

/**
 * npm forwards the signal it receives to its child, so under `npm start` or `npm run scan` one signal to the process
 * group (a supervisor's SIGTERM, Ctrl-C in a terminal) arrives twice within milliseconds. A repeat within this long is
 * that copy, not a second request.
 */
export const REPEAT_SIGNAL_MS = 1_000;
