/**
 * Checking many files at once. Parsing YAML is nearly all of a cold
 * validation, and files are independent, so large sets are spread over
 * worker threads; small sets, and machines with one core, stay on the
 * calling thread, where starting workers would cost more than it saves.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { messageOf } from '../errors.js';
import { decodeOutcome, type EncodedOutcome } from './cache-codec.js';
import { checkFile } from './check-file.js';
import type { CheckRequest, CheckResponse } from './check-worker.js';
import { diagnostic } from './diagnostics.js';
import type { FileOutcome } from './model.js';

/** One file to check. */
export interface CheckJob {
  text: string;
  file: string;
}

/** An outcome, and the stack of the bug that made it, if one did. */
export interface Checked {
  outcome: FileOutcome;
  /** Set when checking threw: the outcome is then INTERNAL_ERROR. */
  stack?: string;
}

/** Below this many files, workers do not pay for their start-up. */
export const MIN_FILES_FOR_WORKERS = 64;

/** Files per message: fewer round trips, yet an even spread. */
const BATCH = 8;

/** Check one file; a bug becomes an INTERNAL_ERROR outcome, not a throw. */
export function checkFileSafely(job: CheckJob): Checked {
  try {
    return { outcome: checkFile(job.text, job.file) };
  } catch (error: unknown) {
    return {
      stack: error instanceof Error ? error.stack : String(error),
      outcome: {
        workspaces: [],
        diagnostics: [diagnostic('INTERNAL_ERROR', job.file, undefined,
          `dwmigrate failed while checking this file: ${messageOf(error)}`, {
            hint: 'please report this bug together with the manifest',
          })],
      },
    };
  }
}

/** How many threads to use for `files` files; `wanted` overrides. */
export function threadCount(files: number, wanted?: number): number {
  if (wanted !== undefined) return Math.max(1, Math.floor(wanted));
  if (files < MIN_FILES_FOR_WORKERS) return 1;
  return Math.min(4, os.availableParallelism());
}

/** Check every job, in order; on `threads` worker threads when above 1. */
export async function checkMany(
  jobs: readonly CheckJob[],
  threads: number,
  onWorkerError: (error: unknown) => void = () => undefined,
): Promise<Checked[]> {
  if (threads <= 1 || jobs.length === 0) return jobs.map(checkFileSafely);

  const results = new Array<Checked | undefined>(jobs.length);
  let next = 0;
  const take = () => {
    const batch: CheckRequest['jobs'] = [];
    while (batch.length < BATCH && next < jobs.length) {
      const job = jobs[next] as CheckJob;
      batch.push({ ...job, index: next++ });
    }
    return batch;
  };
  const workers = Math.min(threads, Math.ceil(jobs.length / BATCH));
  await Promise.all(Array.from({ length: workers },
    () => runWorker(take, results, onWorkerError)));

  // A worker that failed left its jobs undone: finish them here.
  return results.map((r, i) => r ?? checkFileSafely(jobs[i] as CheckJob));
}

/** Feed one worker batches until none are left, then stop it. */
function runWorker(
  take: () => CheckRequest['jobs'],
  results: (Checked | undefined)[],
  onError: (error: unknown) => void,
): Promise<void> {
  const worker = new Worker(new URL('./check-worker.js', import.meta.url));
  return new Promise<void>((resolve) => {
    const send = () => {
      const jobs = take();
      if (jobs.length === 0) {
        void worker.terminate().then(() => resolve());
        return;
      }
      worker.postMessage({ jobs } satisfies CheckRequest);
    };
    worker.on('message', (response: CheckResponse) => {
      for (const { index, json } of response.results) {
        results[index] = {
          outcome: decodeOutcome(JSON.parse(json) as EncodedOutcome),
        };
      }
      send();
    });
    // The jobs in flight stay unset and are checked on this thread.
    worker.on('error', (error) => {
      onError(error);
      resolve();
    });
    worker.on('exit', () => resolve());
    send();
  });
}
