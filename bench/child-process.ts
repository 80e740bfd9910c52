/**
 * Fork a bench child (a compiled module of bench/), hand it one request
 * over IPC and wait for its one answer, within a deadline. Each side of a
 * measurement runs in its own process, so its CPU time and peak RSS are its
 * own and not the emulator's or the driver's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** How to start a child. */
export interface ForkOptions {
  /** File name of the compiled child module in dist/bench. */
  script: string;
  /** Where the child's stderr goes (appended). */
  stderrFile: string;
  /** Kill the child when it has not answered after this long. */
  timeoutMs: number;
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** A forked child with one IPC channel. */
export interface Child {
  process: ChildProcess;
  /** Send a message and wait for the next message from the child. */
  ask<T>(message: unknown, timeoutMs?: number): Promise<T>;
  /** Wait for the child to exit, killing it after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/** Fork a child; it must send `{ready: true}` first. */
export async function forkChild(options: ForkOptions): Promise<Child> {
  const fd = openSync(options.stderrFile, 'a');
  const child = fork(path.join(HERE, options.script), [], {
    stdio: ['ignore', fd, fd, 'ipc'],
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
  });
  closeSync(fd);
  const handle = wrap(child, options.timeoutMs, options.script);
  await handle.ask<{ ready: boolean }>(undefined);
  return handle;
}

function wrap(child: ChildProcess, timeoutMs: number, name: string): Child {
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
  });
  return {
    process: child,
    ask: <T>(message: unknown, ms = timeoutMs) =>
      ask<T>(child, message, ms, name),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function ask<T>(
  child: ChildProcess,
  message: unknown,
  timeoutMs: number,
  name: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${name}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (answer: unknown): void => {
      cleanup();
      const error = (answer as { error?: string } | null)?.error;
      if (error) reject(new Error(`${name}: ${error}`));
      else resolve(answer as T);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
    };
    function cleanup(): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (message !== undefined) child.send(message as object);
  });
}

/** Child side: answer each request with `handler`, errors as `{error}`. */
export function serve(handler: (request: unknown) => Promise<unknown>): void {
  process.on('message', (request: unknown) => {
    handler(request).then(
      (answer) => process.send?.(answer ?? {}),
      (error: unknown) => process.send?.({
        error: error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
      }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}
