// The states of one strategy task (src/core/strategy-task.ts), named instead of spelled in booleans: where the task is,
// and how far stopping it has gone. The task's methods are the transitions; each says which states it leaves and enters.
import type { PoolTaskSpan } from '../scheduling/pool-timeline.js';

/** Why a task is asked to stop before it ends on its own: the scan must stop, the thread is wanted, the caller cancelled. */
export type EarlyStop = 'expired' | 'preempted' | 'cancel';
/** Why a worker was terminated: a started task that outlived its grace (its own deadline, or an early stop's grace), or
 * the pool closing (`cancel`). */
export type Termination = 'deadline' | EarlyStop;

/** A run a worker started: when (the worker's clock), whether it went against the dispatcher's prediction, its span on
 * the pool timeline. */
export interface StartedRun {
  startedAt: number;
  speculative: boolean;
  span: PoolTaskSpan;
}

/** Where the task is. Each phase holds only what exists in it; `ended.run` remembers whether a worker ever ran it. */
export type Phase =
  | { name: 'created' }
  | { name: 'queued'; grant: (run: boolean) => void }
  | { name: 'handed'; speculative: boolean }
  | { name: 'running'; run: StartedRun }
  | { name: 'ended'; run: StartedRun | null };

/** How far stopping it went (orthogonal to the phase): not asked; flag up before its own deadline, with the hard abort
 * armed once a worker has it; worker terminated. Its own deadline raises the flag without a stage: it needs no reason. */
export type Stop =
  | { stage: 'none' }
  | { stage: 'asked'; reason: EarlyStop; armed: boolean }
  | { stage: 'terminated'; reason: Termination };
