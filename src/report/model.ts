/**
 * The reconciliation report: every manifest task of a run with its task ID
 * and outcome, plus what an auditor asks (when, by which key, from which
 * manifest revision). Built from the journal alone, so `apply` and the
 * offline `report` command produce the very same document.
 */
import type {
  JournalRecord,
  OutcomeRecord,
  RunEndRecord,
  RunStartRecord,
  TasksRecord,
} from '../run/journal.js';
import { InternalError } from '../errors.js';
import { countOutcomes } from '../run/journal.js';

export const REPORT_SCHEMA_VERSION = 1;

/** A task line of the report. */
export interface ReportTask {
  projectId: string;
  region: string;
  name: string;
  taskId: string | null;
  /** `unfinished`: the run ended (killed) before this task's outcome. */
  outcome: OutcomeRecord['outcome'] | 'unfinished';
  source: { file: string; line: number } | null;
  error: { code: string; message: string } | null;
  requestId: string | null;
  adopted: boolean;
  attempts: number;
  conflicts: string[];
  time: string | null;
}

export interface Report {
  schemaVersion: number;
  run: {
    id: string;
    start: string;
    end: string | null;
    toolVersion: string;
    accessKeyId: string;
    endpoint: string;
    endpoints: Record<string, string>;
    options: Record<string, unknown>;
    manifests: RunStartRecord['manifests'];
    git: RunStartRecord['git'] | null;
    exitCode: number | null;
    stopReason: string | null;
  };
  summary: Record<string, number>;
  tasks: ReportTask[];
}

/**
 * How many tasks share their name with other tasks on the server. Kept out
 * of `summary`, which counts outcomes: a conflict comes on top of one.
 */
export function conflictCount(tasks: readonly ReportTask[]): number {
  return tasks.filter((t) => t.conflicts.length > 0).length;
}

/** "1 task shares its name…", as report.md and report.html say it. */
export function conflictSentence(n: number): string {
  const tasks = n === 1 ? '1 task shares its' : `${n} tasks share their`;
  return `${tasks} name with other tasks on the server`;
}

/** The run IDs in a journal, oldest first. */
export function runIds(records: readonly JournalRecord[]): string[] {
  return records
    .filter((r): r is RunStartRecord => r.type === 'run-start')
    .map((r) => r.runId);
}

/** Build the report of one run (default: the latest) from the journal. */
export function buildReport(
  records: readonly JournalRecord[],
  runId?: string,
): Report {
  const id = runId ?? runIds(records).at(-1);
  const builder = new ReportBuilder(id ?? '');
  for (const r of records) builder.add(r);
  return builder.build();
}

/**
 * The report of one run, fed one journal record at a time, so that a
 * caller reading the journal line by line never holds all of its records
 * (200,000 of them for a run of 100,000 tasks).
 */
export class ReportBuilder {
  readonly #runId: string;
  #start: RunStartRecord | undefined;
  #end: RunEndRecord | undefined;
  readonly #tasks = new TaskFold();

  constructor(runId: string) {
    this.#runId = runId;
  }

  /** Take one record; those of other runs are ignored. */
  add(r: JournalRecord): void {
    if (r.runId !== this.#runId) return;
    if (r.type === 'run-start') this.#start = r;
    else if (r.type === 'run-end') this.#end = r;
    else this.#tasks.add(r);
  }

  /** The report, once every record was added. */
  build(): Report {
    if (!this.#runId || !this.#start) {
      throw new InternalError(
        `no run ${this.#runId} in the journal`.trim());
    }
    const tasks = this.#tasks.result();
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      run: runSection(this.#start, this.#end),
      summary: countOutcomes(tasks),
      tasks,
    };
  }
}

function runSection(start: RunStartRecord, end: RunEndRecord | undefined) {
  const endpoints = start.endpoints;
  return {
    id: start.runId,
    start: start.time,
    end: end?.time ?? null,
    toolVersion: start.toolVersion,
    accessKeyId: start.identity,
    endpoint: [...new Set(Object.values(endpoints))].join(', '),
    endpoints,
    options: start.options,
    manifests: start.manifests,
    git: start.git ?? null,
    exitCode: end?.exitCode ?? null,
    stopReason: end?.reason ?? (end ? null : 'the run did not finish'),
  };
}

function keyOf(projectId: string, name: string): string {
  return `${projectId}\u0000${name}`;
}

/**
 * One line per task: its outcome when the journal has one; otherwise, in
 * the journal of a run that never finished, `unfinished` when a call was
 * under way (the next run reconciles it by name) and `not-started` when
 * none was.
 */
class TaskFold {
  readonly #outcomes = new Map<string, ReportTask>();
  /** Declared tasks, as their compact rows until one is needed. */
  readonly #declared = new Map<string, TasksRecord['tasks'][number]>();
  /** Tasks with an intent and no outcome yet, first intent first. */
  readonly #intents = new Map<string, [string, string]>();

  add(r: JournalRecord): void {
    if (r.type === 'tasks') {
      for (const row of r.tasks) {
        this.#declared.set(keyOf(row[0], row[2]), row);
      }
      return;
    }
    if (r.type !== 'outcome' && r.type !== 'intent') return;
    const key = keyOf(r.projectId, r.name);
    if (r.type === 'outcome') {
      this.#outcomes.set(key, toTask(r));
      // Only intents without an outcome matter: keep few of them.
      this.#intents.delete(key);
    } else if (!this.#outcomes.has(key) && !this.#intents.has(key)) {
      this.#intents.set(key, [r.projectId, r.name]);
    }
  }

  result(): ReportTask[] {
    const byKey = this.#outcomes;
    for (const [key, [projectId, name]] of this.#intents) {
      const row = this.#declared.get(key);
      const base = row ? pending(row) : pending([projectId, '', name]);
      byKey.set(key, { ...base, outcome: 'unfinished' });
    }
    for (const [key, row] of this.#declared) {
      if (!byKey.has(key)) byKey.set(key, pending(row));
    }
    return [...byKey.values()].sort(compareTasks);
  }
}

function toTask(r: OutcomeRecord): ReportTask {
  return {
    projectId: r.projectId,
    region: r.region,
    name: r.name,
    taskId: r.taskId,
    outcome: r.outcome,
    source: r.source ? { file: r.source.file, line: r.source.line } : null,
    error: r.error,
    requestId: r.requestId,
    adopted: r.adopted ?? false,
    attempts: r.attempts ?? 0,
    conflicts: r.conflicts ?? [],
    time: r.time,
  };
}

/** A declared task with no outcome yet. */
function pending(
  row: [string, string, string, string?, number?],
): ReportTask {
  const [projectId, region, name, file, line] = row;
  return {
    projectId,
    region,
    name,
    taskId: null,
    outcome: 'not-started',
    source: file === undefined ? null : { file, line: line ?? 0 },
    error: null,
    requestId: null,
    adopted: false,
    attempts: 0,
    conflicts: [],
    time: null,
  };
}

function compareTasks(a: ReportTask, b: ReportTask): number {
  const fa = a.source?.file ?? '\uffff';
  const fb = b.source?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.source?.line ?? 0;
  const lb = b.source?.line ?? 0;
  if (la !== lb) return la - lb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
