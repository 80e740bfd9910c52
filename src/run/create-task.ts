/**
 * Create one export task exactly once.
 *
 * CreateExportMigration has no idempotency token and the service may accept
 * a duplicate name, so the name is the only key and this module guards it:
 * - every call is preceded by an intent in the journal, and followed by its
 *   outcome;
 * - a failure after which the task may exist (timeout, reset after sending,
 *   5xx, a non-JSON page) makes the task *uncertain*: before any further
 *   create, the workspace is listed and a task of that name is adopted;
 * - throttling and unreachable endpoints are retried as they are (the call
 *   did not take effect); auth and quota errors stop the whole run;
 *   permission errors fail the workspace; anything else fails the task.
 * Every retry is a new call of the client library: freshly signed, with a
 * new nonce and date.
 */
import type { Logger } from 'winston';
import type { DataWorksApi, MigrationInfo } from '../api/client.js';
import { ApiError, classify } from '../api/errors.js';
import { compareIds } from '../plan/plan.js';
import type { ExportTask } from '../manifest/types.js';
import { RetryState, sleep } from './backoff.js';
import type { RetryPolicy } from './backoff.js';
import type { RateBudget } from './budget.js';
import type { RunControl } from './control.js';
import type { ErrorInfo, Journal, Outcome } from './journal.js';
import { plural } from '../plural.js';

/** What one task ended as. */
export interface TaskResult {
  task: ExportTask;
  outcome: Outcome;
  taskId: string | null;
  requestId: string | null;
  error: ErrorInfo | null;
  adopted: boolean;
  attempts: number;
  /** Other IDs of the same name on the server, if any. */
  conflicts?: string[];
}

/** What a task needs from the run. */
export interface TaskDeps {
  api: DataWorksApi;
  writeBudget: RateBudget;
  policy: RetryPolicy;
  journal: Journal;
  runId: string;
  control: RunControl;
  /** Cut short only by a second interrupt; lookups still run after a stop. */
  hardSignal: AbortSignal;
  logger: Logger;
  /** Fresh list of the tasks of that name in the task's workspace. */
  lookup(task: ExportTask): Promise<MigrationInfo[]>;
  /** A permission error already seen for this workspace, if any. */
  workspaceBlock(task: ExportTask): ApiError | undefined;
  blockWorkspace(task: ExportTask, error: ApiError): void;
  /**
   * When an earlier run's call for this task went unanswered: epoch ms of
   * its intent, and how long such a call may still take effect.
   */
  unanswered?: { since: number; settleMs: number };
  /** Whether the service answered (any status) or nobody did. */
  endpointAnswered(task: ExportTask): void;
  endpointUnreachable(task: ExportTask, error: ApiError): void;
}

const FATAL_KINDS = new Set(['auth', 'quota']);

function errorInfo(error: ApiError): ErrorInfo {
  return { code: error.apiCode, message: error.message };
}

class Attempt {
  readonly retry: RetryState;
  uncertain = false;
  lastError: ApiError | null = null;

  constructor(policy: RetryPolicy) {
    this.retry = new RetryState(policy);
  }
}

/** Create one task, or adopt it if an earlier uncertain call made it. */
export async function createTask(
  task: ExportTask,
  deps: TaskDeps,
): Promise<TaskResult> {
  const state = new Attempt(deps.policy);
  const log = deps.logger.child({ workspace: task.projectId, name: task.name });
  if (deps.unanswered) {
    const settled = await settle(deps.unanswered, deps.control.signal);
    state.uncertain = true;
    if (!settled) return record(deps, await stopped(task, deps, state));
  }

  for (;;) {
    const early = await beforeCall(task, deps, state);
    if (early) return record(deps, early);

    const result = await callOnce(task, deps, state, log);
    if (result) return record(deps, result);

    const delay = state.retry.nextDelay(state.lastError?.retryAfterMs);
    if (delay === null) return record(deps, await giveUp(task, deps, state));
    const slept = await sleep(delay, deps.control.signal).then(
      () => true,
      () => false,
    );
    if (!slept) return record(deps, await stopped(task, deps, state));
  }
}

/**
 * An earlier run's call for this task was never answered, and the plan
 * did not find the task. The call may still be on its way through the
 * service, so wait until it must have finished or been dropped (the
 * client's timeout after its intent) before looking again and creating.
 */
function settle(
  unanswered: { since: number; settleMs: number },
  signal: AbortSignal,
): Promise<boolean> {
  const wait = unanswered.since + unanswered.settleMs - Date.now();
  if (wait <= 0) return Promise.resolve(true);
  return sleep(wait, signal).then(() => true, () => false);
}

/** Checks before a call: stop switch, blocked workspace, adoption. */
async function beforeCall(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
): Promise<TaskResult | null> {
  if (deps.control.stopped) return stopped(task, deps, state);

  const block = deps.workspaceBlock(task);
  if (block) return failed(task, state, block);

  if (!state.uncertain) return null;
  return adoptIfThere(task, deps, state);
}

/** One create call; null means "retry after a wait". */
async function callOnce(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
  log: Logger,
): Promise<TaskResult | null> {
  // The intent is synced before the budget slot is taken, so that the
  // fsync's variable delay does not bunch calls the budget spaced evenly.
  await deps.journal.append({
    type: 'intent',
    runId: deps.runId,
    time: new Date().toISOString(),
    projectId: task.projectId,
    name: task.name,
    attempt: state.retry.attempts + 1,
  });
  try {
    await deps.writeBudget.acquire(deps.control.signal);
  } catch {
    // The run stopped while this task waited for its turn.
    return stopped(task, deps, state);
  }
  state.retry.recordAttempt();

  try {
    const { taskId, requestId } = await deps.api.createExportMigration(
      task.region,
      task,
    );
    deps.writeBudget.succeeded();
    deps.endpointAnswered(task);
    log.debug('created', { taskId, attempt: state.retry.attempts });
    return done(task, state, 'created', taskId, requestId ?? null, false);
  } catch (thrown: unknown) {
    return onFailure(task, deps, state, classify(thrown), log);
  }
}

async function onFailure(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
  error: ApiError,
  log: Logger,
): Promise<TaskResult | null> {
  state.lastError = error;
  log.warn('create attempt failed', {
    code: error.apiCode,
    kind: error.kind,
    status: error.httpStatus,
    attempt: state.retry.attempts,
    requestId: error.requestId,
  });

  if (error.kind === 'throttled') {
    deps.writeBudget.throttled(error.retryAfterMs);
    return null;
  }
  if (error.kind === 'unreachable') {
    deps.endpointUnreachable(task, error);
    return null;
  }
  deps.endpointAnswered(task);
  if (error.kind === 'ambiguous') {
    state.uncertain = true;
    return null;
  }
  if (FATAL_KINDS.has(error.kind)) {
    // The call was refused before taking effect (auth, quota): nothing
    // was created; the run stops and the task is not started.
    deps.control.stop({ kind: 'fatal', error });
    return stopped(task, deps, state);
  }
  if (error.kind === 'permission') deps.blockWorkspace(task, error);

  // A rejection after an uncertain call may mean the first call worked
  // (e.g. the service refusing the now duplicate name): look first.
  if (state.uncertain) {
    const adopted = await adoptIfThere(task, deps, state);
    if (adopted) return adopted;
  }
  return failed(task, state, error);
}

/** List the workspace and adopt a task of this name if there is one. */
async function adoptIfThere(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
): Promise<TaskResult | null> {
  let found: MigrationInfo[];
  try {
    found = await deps.lookup(task);
  } catch (thrown: unknown) {
    const error = classify(thrown);
    if (FATAL_KINDS.has(error.kind)) {
      deps.control.stop({ kind: 'fatal', error });
    }
    return failed(task, state, error, 'could not check whether it exists');
  }
  if (found.length === 0) {
    state.uncertain = false;
    return null;
  }
  const sorted = [...found].sort((a, b) => compareIds(a.id, b.id));
  deps.logger.info('adopted a task an unanswered call had created', {
    workspace: task.projectId,
    name: task.name,
    taskId: sorted[0]!.id,
  });
  const result = done(task, state, 'created', sorted[0]!.id, null, true);
  if (sorted.length > 1) result.conflicts = sorted.slice(1).map((m) => m.id);
  return result;
}

/** Out of retries: an uncertain task gets one last look. */
async function giveUp(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
): Promise<TaskResult> {
  if (state.uncertain) {
    const adopted = await adoptIfThere(task, deps, state);
    if (adopted) return adopted;
  }
  const error = state.lastError ?? new ApiError(
    { kind: 'invalid', apiCode: 'RetriesExhausted' },
    'gave up',
  );
  const wording = `gave up after ${plural(state.retry.attempts, 'call')}`;
  return failed(task, state, error, wording);
}

/**
 * The run stopped. An uncertain task still gets looked up; one that may
 * exist but could not be checked is failed (the next run reconciles it);
 * one whose calls all were refused before taking effect is not started,
 * with the last refusal kept as the reason.
 */
async function stopped(
  task: ExportTask,
  deps: TaskDeps,
  state: Attempt,
): Promise<TaskResult> {
  if (state.uncertain && !deps.hardSignal.aborted) {
    const adopted = await adoptIfThere(task, deps, state);
    if (adopted) return adopted;
  }
  if (state.uncertain && state.lastError) {
    return failed(task, state, state.lastError,
      'run stopped; the task may exist and the next run will check');
  }
  const result = done(task, state, 'not-started', null, null, false);
  if (state.lastError) result.error = errorInfo(state.lastError);
  return result;
}

function done(
  task: ExportTask,
  state: Attempt,
  outcome: Outcome,
  taskId: string | null,
  requestId: string | null,
  adopted: boolean,
): TaskResult {
  return {
    task,
    outcome,
    taskId,
    requestId,
    error: null,
    adopted,
    attempts: state.retry.attempts,
  };
}

function failed(
  task: ExportTask,
  state: Attempt,
  error: ApiError,
  context?: string,
): TaskResult {
  const info = errorInfo(error);
  if (context) info.message = `${context}: ${info.message}`;
  return {
    task,
    outcome: 'failed',
    taskId: null,
    requestId: error.requestId ?? null,
    error: info,
    adopted: false,
    attempts: state.retry.attempts,
  };
}

/** Journal the outcome (synced) before reporting it. */
async function record(deps: TaskDeps, result: TaskResult): Promise<TaskResult> {
  await deps.journal.append(outcomeRecord(deps.runId, result));
  return result;
}

/** The journal line of a task's outcome. */
export function outcomeRecord(runId: string, result: TaskResult) {
  const { task } = result;
  return {
    type: 'outcome' as const,
    runId,
    time: new Date().toISOString(),
    projectId: task.projectId,
    region: task.region,
    name: task.name,
    outcome: result.outcome,
    taskId: result.taskId,
    requestId: result.requestId,
    error: result.error,
    adopted: result.adopted,
    attempts: result.attempts,
    source: task.source,
    conflicts: result.conflicts,
  };
}
