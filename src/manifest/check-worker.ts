/**
 * A worker thread of the check pool: checks the files it is sent and
 * answers with their outcomes in the cache's compact JSON form, which is
 * cheaper to pass between threads than the object graph.
 */
import { parentPort } from 'node:worker_threads';
import { encodeOutcome } from './cache-codec.js';
import { checkFileSafely, type CheckJob } from './check-pool.js';

/** A batch sent to a worker. */
export interface CheckRequest {
  jobs: (CheckJob & { index: number })[];
}

/** A worker's answer: one JSON outcome per job. */
export interface CheckResponse {
  results: { index: number; json: string }[];
}

parentPort?.on('message', (request: CheckRequest) => {
  const results = request.jobs.map((job) => ({
    index: job.index,
    json: JSON.stringify(encodeOutcome(checkFileSafely(job).outcome)),
  }));
  parentPort?.postMessage({ results } satisfies CheckResponse);
});
