/**
 * What a command receives from the entry point: argv, environment and the
 * streams, so that every command can run in-process in tests.
 */
import type { Writable } from 'node:stream';
import type { Logger } from 'winston';

export interface CommandContext {
  /** Arguments after the command name. */
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Results go here. */
  stdout: Writable;
  /** Diagnostics, logs and progress go here. */
  stderr: Writable;
  logger: Logger;
  /** Aborted on the first SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Aborted on the second signal: stop at once. */
  hardSignal: AbortSignal;
}

/** What the entry point prints on the first and the second signal. */
export interface StopNotices {
  stopping: string;
  stoppedAtOnce: string;
}

/** A subcommand: its help text and a run that returns an exit code. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(ctx: CommandContext): Promise<number>;
  /** Signal wording when a run's default (calls in flight) does not fit. */
  stopNotices?(argv: string[]): StopNotices;
}
