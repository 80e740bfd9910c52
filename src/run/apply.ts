/**
 * The apply stage: lock the state folder, journal the run, list each
 * workspace, create what is missing concurrently within the budgets, and
 * leave an outcome for every task in the journal.
 */
import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import type { Logger } from 'winston';
import { DEFAULT_READ_TIMEOUT_MS } from '../api/timeouts.js';
import type { DataWorksApi, MigrationInfo } from '../api/client.js';
import type { Identity } from '../api/credentials.js';
import { ApiError } from '../api/errors.js';
import { EXIT } from '../errors.js';
import { plural } from '../plural.js';
import type { ExportTask, ManifestFile, Workspace } from '../manifest/types.js';
import { listWorkspace, planOne } from '../plan/list-all.js';
import type { ListDeps } from '../plan/list-all.js';
import type { PlanEntry } from '../plan/plan.js';
import { warnConflicts } from '../plan/conflicts.js';
import type { RemoteIndex } from '../plan/remote.js';
import type { RetryPolicy } from './backoff.js';
import { BudgetRegistry } from './budget.js';
import type { CallKind } from './budget.js';
import { RunControl } from './control.js';
import { EndpointWatch } from './endpoint-watch.js';
import { createTask, outcomeRecord } from './create-task.js';
import type { TaskDeps, TaskResult } from './create-task.js';
import {
  Journal,
  countOutcomes,
  readUnanswered,
} from './journal.js';
import type { TasksRecord } from './journal.js';
import { acquireLock } from './lock.js';
import { limitCalls } from './call-limit.js';
import { inWorkers, roundRobin } from './schedule.js';

/**
 * Tasks in progress per call slot. A task spends part of its time on
 * journal writes, which hold no call slot; twice as many tasks as slots
 * keep the slots busy meanwhile.
 */
const TASKS_PER_CALL_SLOT = 2;

export interface ApplyOptions {
  workspaces: Workspace[];
  /** Manifest tasks left out by the selection, reported as skipped. */
  skipped?: ExportTask[];
  files: ManifestFile[];
  api: DataWorksApi;
  identity: Identity;
  stateDir: string;
  /** Calls in flight overall. */
  concurrency: number;
  /** Read timeout of one call: how long an unanswered call may linger. */
  callTimeoutMs?: number;
  /** Calls in flight per workspace. */
  perWorkspace: number;
  qps: Partial<Record<CallKind, number>>;
  retry: RetryPolicy;
  failFast: boolean;
  /** Stop starting new tasks after this many failures; 0 = no limit. */
  maxFailures: number;
  logger: Logger;
  /** First interrupt: start nothing new. */
  signal: AbortSignal;
  /** Second interrupt: stop at once. */
  hardSignal: AbortSignal;
  toolVersion: string;
  /** Options as given, for the audit record. */
  recordedOptions: Record<string, unknown>;
  git?: { commit: string; dirty: boolean } | null;
  onProgress?: (result: TaskResult) => void;
}

export interface ApplyResult {
  runId: string;
  results: TaskResult[];
  exitCode: number;
  stopReason: string | null;
}

/** A sortable, unique run ID: UTC time then random hex. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Run apply; the journal holds every step when this resolves or throws. */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const runId = newRunId();
  const lock = await acquireLock(options.stateDir, runId);
  const journal = await Journal.open(options.stateDir);
  try {
    return await applyLocked(options, runId, journal);
  } finally {
    await journal.close();
    await lock.release();
  }
}

async function applyLocked(
  options: ApplyOptions,
  runId: string,
  journal: Journal,
): Promise<ApplyResult> {
  const log = options.logger.child({ runId });
  // Said only once the lock is held: a run refused by the lock never starts.
  log.info('apply starting', {
    workspaces: options.workspaces.length,
    tasks: options.workspaces.reduce((n, ws) => n + ws.tasks.length, 0),
    accessKeyId: options.identity.maskedKeyId,
  });
  await journal.append(runStart(options, runId));
  await journal.append(tasksRecord(options, runId));

  const control = new RunControl();
  const onSignal = (): void =>
    control.stop({ kind: 'interrupted', message: 'interrupted by a signal' });
  if (options.signal.aborted) onSignal();
  options.signal.addEventListener('abort', onSignal, { once: true });

  const unanswered = await readUnanswered(options.stateDir);
  const run = new ApplyRun(options, runId, journal, control, log, unanswered);
  const results = await run.execute();
  const exitCode = exitCodeOf(results, control);
  await journal.append({
    type: 'run-end',
    runId,
    time: new Date().toISOString(),
    exitCode,
    summary: countOutcomes(results),
    reason: describeStop(control) ?? undefined,
  });
  return { runId, results, exitCode, stopReason: describeStop(control) };
}

function runStart(options: ApplyOptions, runId: string) {
  const endpoints: Record<string, string> = {};
  for (const ws of options.workspaces) {
    endpoints[ws.region] = options.api.endpointOf(ws.region).url;
  }
  return {
    type: 'run-start' as const,
    runId,
    time: new Date().toISOString(),
    toolVersion: options.toolVersion,
    identity: options.identity.maskedKeyId,
    endpoints,
    manifests: options.files,
    options: options.recordedOptions,
    git: options.git ?? null,
  };
}

function tasksRecord(options: ApplyOptions, runId: string): TasksRecord {
  const all = [
    ...options.workspaces.flatMap((ws) => ws.tasks),
    ...(options.skipped ?? []),
  ];
  return {
    type: 'tasks',
    runId,
    time: new Date().toISOString(),
    tasks: all.map((t) => [
      t.projectId,
      t.region,
      t.name,
      t.source.file,
      t.source.line,
    ]),
  };
}

function exitCodeOf(results: TaskResult[], control: RunControl): number {
  const reason = control.reason;
  if (reason?.kind === 'interrupted') return EXIT.interrupted;
  if (reason?.kind === 'fatal' || reason?.kind === 'max-failures') {
    return EXIT.aborted;
  }
  const bad = results.some(
    (r) => r.outcome === 'failed' || r.outcome === 'not-started',
  );
  return bad ? EXIT.someFailed : EXIT.ok;
}

function describeStop(control: RunControl): string | null {
  const reason = control.reason;
  if (!reason) return null;
  if (reason.kind === 'fatal') {
    return `aborted: ${reason.error.apiCode}: ${reason.error.message}`;
  }
  return `${reason.kind}: ${reason.message}`;
}

/** One apply run's moving parts. */
class ApplyRun {
  readonly #o: ApplyOptions;
  readonly #runId: string;
  readonly #journal: Journal;
  readonly #control: RunControl;
  readonly #log: Logger;
  readonly #budgets: BudgetRegistry;
  /** The API with the run's cap on calls in flight. */
  readonly #api: DataWorksApi;
  /** How long an earlier run's unanswered call may still take effect. */
  readonly #settleMs: number;
  readonly #perWorkspace = new Map<string, LimitFunction>();
  readonly #blocked = new Map<string, ApiError>();
  readonly #endpoints = new EndpointWatch();
  readonly #unanswered: Map<string, number>;
  #failures = 0;

  constructor(
    options: ApplyOptions,
    runId: string,
    journal: Journal,
    control: RunControl,
    log: Logger,
    unanswered: Map<string, number>,
  ) {
    this.#unanswered = unanswered;
    this.#o = options;
    this.#runId = runId;
    this.#journal = journal;
    this.#control = control;
    this.#log = log;
    this.#budgets = new BudgetRegistry(options.qps);
    this.#api = limitCalls(options.api, options.concurrency);
    this.#settleMs = options.callTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  }

  /**
   * List and plan every workspace, then create what is missing. Tasks
   * that need no call (existing, skipped, failed by their listing) are
   * journalled together first; the rest are created by a fixed number
   * of workers, so only the tasks in progress hold promises and memory
   * does not grow with the size of the run beyond its entries and
   * results. Calls in flight are capped by #api, not by the workers.
   */
  async execute(): Promise<TaskResult[]> {
    const workspaces = this.#o.workspaces;
    const planned = new Array<PlanEntry[] | TaskResult[]>(workspaces.length);
    await inWorkers(this.#o.concurrency, workspaces.length, async (i) => {
      planned[i] = await this.#plan(workspaces[i]!);
    });
    const skipped = (this.#o.skipped ?? []).map(
      (task): TaskResult => ({ ...notStarted(task), outcome: 'skipped' }),
    );
    const entries = [...skipped, ...planned.flat()];
    const results = entries.map(withoutCall);
    await this.#finishAll(results.filter((r) => r !== undefined));

    const order = this.#uncertainLast(
      roundRobin(groupsToCreate(skipped.length, planned, results)),
      entries as PlanEntry[],
    );
    const workers = TASKS_PER_CALL_SLOT * this.#o.concurrency;
    await inWorkers(workers, order.length, async (k) => {
      const index = order[k]!;
      results[index] = await this.#create(entries[index] as PlanEntry);
    });
    return results as TaskResult[];
  }

  /**
   * Tasks whose earlier call went unanswered must wait for it to settle
   * before a create. Taken in turn with the others, they held every
   * worker in that wait (a rerun after a kill has one per worker of the
   * killed run) and nothing else started. Last, earliest intent first,
   * they wait only once every other task has been taken.
   */
  #uncertainLast(order: number[], entries: PlanEntry[]): number[] {
    const since = (i: number): number | undefined => {
      const { task } = entries[i]!;
      return this.#unanswered.get(`${task.projectId}\u0000${task.name}`);
    };
    const sure = order.filter((i) => since(i) === undefined);
    const unsure = order.filter((i) => since(i) !== undefined);
    unsure.sort((a, b) => since(a)! - since(b)!);
    if (unsure.length > 0) {
      // Said once, so that a quiet stretch near the end has a reason.
      this.#log.info('an earlier run left calls unanswered: those tasks ' +
        'go last, each once its call must have settled', {
        tasks: unsure.length,
        settleMs: this.#settleMs,
      });
    }
    return [...sure, ...unsure];
  }

  async #plan(ws: Workspace): Promise<PlanEntry[] | TaskResult[]> {
    if (this.#control.stopped) return ws.tasks.map((t) => notStarted(t));

    const plan = await planOne(this.#listDeps(), ws);
    if (!plan.error) {
      warnConflicts(this.#log, ws.projectId, plan.entries);
      return plan.entries;
    }
    if (plan.error.kind === 'auth' || plan.error.kind === 'quota') {
      this.#control.stop({ kind: 'fatal', error: plan.error });
    }
    // Listing retries for a while before giving up: an endpoint that still
    // reached nobody then does not answer at all.
    if (plan.error.kind === 'unreachable') {
      this.#endpointDown(ws.tasks[0]!, plan.error);
    }
    const fatal = this.#control.reason?.kind === 'fatal';
    return ws.tasks.map((task) => fatal
      ? { ...notStarted(task), error: listingError(plan.error) }
      : failedByListing(task, plan.error));
  }

  /**
   * Create one planned task. A worker that waits here for its workspace's
   * limit holds up no other workspace's task for long: the round-robin
   * order seldom puts two tasks of one workspace close together.
   */
  async #create(entry: PlanEntry): Promise<TaskResult> {
    const ws = this.#workspaceLimit(entry.task.projectId);
    const result = await ws(() =>
      createTask(entry.task, this.#deps(entry.task)),
    );
    this.#report(result);
    return result;
  }

  /** Journal the outcomes of tasks that need no call, in one write. */
  async #finishAll(results: TaskResult[]): Promise<void> {
    await this.#journal.appendMany(
      results.map((result) => outcomeRecord(this.#runId, result)),
    );
    for (const result of results) this.#report(result);
  }

  /** Count a journalled outcome and pass it to the progress display. */
  #report(result: TaskResult): void {
    this.#count(result);
    this.#o.onProgress?.(result);
  }

  #count(result: TaskResult): void {
    if (result.outcome !== 'failed') return;

    this.#failures += 1;
    if (this.#o.failFast) {
      this.#control.stop({
        kind: 'fail-fast',
        message: `stopped after the first failure (${result.task.name})`,
      });
    }
    const max = this.#o.maxFailures;
    if (max > 0 && this.#failures >= max) {
      this.#control.stop({
        kind: 'max-failures',
        message: `stopped after ${plural(this.#failures, 'failure')} ` +
          '(--max-failures)',
      });
    }
  }

  #workspaceLimit(projectId: string): LimitFunction {
    let limit = this.#perWorkspace.get(projectId);
    if (!limit) {
      limit = pLimit(this.#o.perWorkspace);
      this.#perWorkspace.set(projectId, limit);
    }
    return limit;
  }

  #deps(task: ExportTask): TaskDeps {
    const key = this.#o.identity.keyIdForBudget;
    const since = this.#unanswered.get(`${task.projectId}\u0000${task.name}`);
    const settleMs = this.#settleMs;
    return {
      unanswered: since === undefined ? undefined : { since, settleMs },
      api: this.#api,
      writeBudget: this.#budgets.get(key, task.region, 'write'),
      policy: this.#o.retry,
      journal: this.#journal,
      runId: this.#runId,
      control: this.#control,
      hardSignal: this.#o.hardSignal,
      logger: this.#log,
      lookup: async (t) => (await this.#listWorkspace(t)).get(t.name) ?? [],
      workspaceBlock: (t) => this.#blocked.get(t.projectId),
      blockWorkspace: (t, error) => this.#blocked.set(t.projectId, error),
      endpointAnswered: (t) => this.#endpoints.answered(t.region),
      endpointUnreachable: (t, error) => {
        if (this.#endpoints.unreachable(t.region)) this.#endpointDown(t, error);
      },
    };
  }

  #endpointDown(task: ExportTask, error: ApiError): void {
    const url = this.#o.api.endpointOf(task.region).url;
    this.#control.stop({
      kind: 'fatal',
      error: new ApiError(
        { kind: 'unreachable', apiCode: error.apiCode },
        `the ${task.region} endpoint ${url} does not answer ` +
          `(${error.apiCode}); check --endpoint and the network`,
        error,
      ),
    });
  }

  #listDeps(): ListDeps {
    return {
      api: this.#api,
      budgets: this.#budgets,
      accessKeyId: this.#o.identity.keyIdForBudget,
      retry: this.#o.retry,
      logger: this.#log,
      signal: this.#o.hardSignal,
    };
  }

  /** Every export task of a task's workspace, paced and retried. */
  #listWorkspace(task: ExportTask): Promise<RemoteIndex> {
    return listWorkspace(this.#listDeps(), task.region, task.projectId);
  }
}

/**
 * Per workspace, the indices of its entries still to create (no result
 * yet). Entries are laid out as `skipped` results first, then each
 * workspace's entries in plan order.
 */
function groupsToCreate(
  skipped: number,
  planned: readonly (readonly unknown[])[],
  results: readonly (TaskResult | undefined)[],
): number[][] {
  const groups: number[][] = [];
  let at = skipped;
  for (const entries of planned) {
    groups.push(entries.map((_, k) => at + k).filter((i) => !results[i]));
    at += entries.length;
  }
  return groups;
}

/** The result of an entry that needs no call, or undefined. */
function withoutCall(
  entry: PlanEntry | TaskResult,
): TaskResult | undefined {
  if ('outcome' in entry) return entry;
  if (entry.action !== 'create') return existing(entry);
  return undefined;
}

function notStarted(task: ExportTask): TaskResult {
  return {
    task,
    outcome: 'not-started',
    taskId: null,
    requestId: null,
    error: null,
    adopted: false,
    attempts: 0,
  };
}

function existing(entry: PlanEntry): TaskResult {
  // The planner returns `existing` only with at least one remote task.
  const [first, ...others] = entry.remote as [
    MigrationInfo,
    ...MigrationInfo[],
  ];
  const result = { ...notStarted(entry.task), outcome: 'existing' as const };
  result.taskId = first.id;
  if (others.length > 0) {
    return { ...result, conflicts: others.map((m) => m.id) };
  }
  return result;
}

function listingError(error: ApiError) {
  return {
    code: error.apiCode,
    message: `listing the workspace failed: ${error.message}`,
  };
}

function failedByListing(task: ExportTask, error: ApiError): TaskResult {
  return {
    ...notStarted(task),
    outcome: 'failed',
    requestId: error.requestId ?? null,
    error: listingError(error),
  };
}
