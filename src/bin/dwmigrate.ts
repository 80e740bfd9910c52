#!/usr/bin/env node
/**
 * Entry point: collects argv, environment, streams and signals, runs the
 * CLI and sets the exit code. The first SIGINT/SIGTERM asks the run to
 * start nothing new; the second stops the process at once. That loses
 * nothing: every create call's intent is on disk before the call is sent,
 * and the next run finds by name whatever an unanswered call created.
 */
import { run, stopNotices } from '../cli/main.js';

const argv = process.argv.slice(2);
const notices = stopNotices(argv);

const soft = new AbortController();
const hard = new AbortController();

function onSignal(): void {
  if (!soft.signal.aborted) {
    process.stderr.write(`\ndwmigrate: ${notices.stopping}\n`);
    soft.abort(new Error('interrupted'));
    return;
  }
  hard.abort(new Error('interrupted twice'));
  process.stderr.write(`dwmigrate: ${notices.stoppedAtOnce}\n`);
  process.exit(130);
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await run({
  argv,
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: soft.signal,
  hardSignal: hard.signal,
});
process.exitCode = code;
// Sockets kept alive by the client library must not hold the exit.
setTimeout(() => process.exit(code), 1_000).unref();
