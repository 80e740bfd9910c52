/**
 * Why a run stops starting new work: a fatal API condition, the failure
 * policy, or a signal. Tasks check `stopped` before each call; the first
 * reason wins and is kept for the report and the exit code.
 */
import type { ApiError } from '../api/errors.js';

export type StopReason =
  | { kind: 'fatal'; error: ApiError }
  | { kind: 'fail-fast'; message: string }
  | { kind: 'max-failures'; message: string }
  | { kind: 'interrupted'; message: string };

/** The run's stop switch, shared by every task. */
export class RunControl {
  #reason: StopReason | null = null;
  readonly #controller = new AbortController();

  /** Aborted when the run stops starting new work. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get reason(): StopReason | null {
    return this.#reason;
  }

  get stopped(): boolean {
    return this.#reason !== null;
  }

  /** Stop starting new work; the first reason is kept. */
  stop(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller.abort(new Error(`run stopped: ${reason.kind}`));
  }
}
