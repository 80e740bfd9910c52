/**
 * The append-only journal of a state folder: one JSON record per line.
 *
 * Each intent is on disk before its call is sent and each outcome right
 * after the answer, so a kill at any moment loses no task ID: a rerun
 * reconciles unfinished intents by name. Appends made while a flush is
 * under way, or within the same turn of the event loop, are written and
 * synced together (group commit), so the cost of a sync is shared by
 * every call in flight. Where the platform has
 * O_DSYNC, the file is opened with it, so that each write returns only
 * once its data is on disk (as write then fdatasync would, in one call).
 */
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestFile, SourceLocation } from '../manifest/types.js';

/** `skipped`: left out by --workspace/--name; `not-started`: stopped. */
export type Outcome =
  | 'created'
  | 'existing'
  | 'failed'
  | 'not-started'
  | 'skipped';

/**
 * Counts by outcome, with every outcome present (zero when unused) so
 * that reports and history read the same keys for every run.
 */
export function countOutcomes(
  items: readonly { outcome: string }[],
): Record<string, number> {
  const counts: Record<string, number> = {
    total: items.length,
    created: 0,
    existing: 0,
    failed: 0,
    'not-started': 0,
    skipped: 0,
  };
  for (const { outcome } of items) {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface RunStartRecord {
  type: 'run-start';
  runId: string;
  time: string;
  toolVersion: string;
  identity: string;
  endpoints: Record<string, string>;
  manifests: ManifestFile[];
  options: Record<string, unknown>;
  git?: { commit: string; dirty: boolean } | null;
}

/**
 * Every task the run is about, written once after run-start, so that the
 * report of a run killed before its end still lists each manifest task.
 * Rows are [projectId, region, name, file, line] to keep the line short.
 */
export interface TasksRecord {
  type: 'tasks';
  runId: string;
  time: string;
  tasks: [string, string, string, string, number][];
}

export interface IntentRecord {
  type: 'intent';
  runId: string;
  time: string;
  projectId: string;
  name: string;
  attempt: number;
}

export interface OutcomeRecord {
  type: 'outcome';
  runId: string;
  time: string;
  projectId: string;
  region: string;
  name: string;
  outcome: Outcome;
  taskId: string | null;
  requestId: string | null;
  error: ErrorInfo | null;
  /** Found on the server after an ambiguous failure, not answered. */
  adopted?: boolean;
  attempts?: number;
  source?: SourceLocation;
  /** Other IDs that share the name on the server. */
  conflicts?: string[];
}

export interface RunEndRecord {
  type: 'run-end';
  runId: string;
  time: string;
  exitCode: number;
  summary: Record<string, number>;
  reason?: string;
}

export type JournalRecord =
  | RunStartRecord
  | TasksRecord
  | IntentRecord
  | OutcomeRecord
  | RunEndRecord;

export const JOURNAL_FILE = 'journal.jsonl';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Append, create, and with O_DSYNC where there is one. */
const OPEN_FLAGS = constants.O_WRONLY | constants.O_APPEND |
  constants.O_CREAT | (constants.O_DSYNC ?? 0);

/** An open journal; append() resolves once the record is synced. */
export class Journal {
  readonly #file: FileHandle;
  /** Whether every write is synced by itself (O_DSYNC). */
  readonly #syncedWrites = constants.O_DSYNC !== undefined;
  #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;

  private constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Open (or create) the journal of a state folder for appending. */
  static async open(stateDir: string): Promise<Journal> {
    await mkdir(stateDir, { recursive: true });
    const file = await open(join(stateDir, JOURNAL_FILE), OPEN_FLAGS, 0o666);
    return new Journal(file);
  }

  /** Append a record; resolves when it is on disk. */
  append(record: JournalRecord): Promise<void> {
    return this.#enqueue(JSON.stringify(record) + '\n');
  }

  /** Append several records in one write; resolves when all are on disk. */
  appendMany(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.#enqueue(records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  #enqueue(lines: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ line: lines, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Wait for pending appends, then close the file. */
  async close(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    await this.#file.close();
  }

  async #flush(): Promise<void> {
    // Start writing on the next turn of the event loop, so that the
    // records of every call answered in this turn share one sync.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.#write(batch.map((p) => p.line).join(''));
        for (const p of batch) p.resolve();
      } catch (error: unknown) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#flushing = null;
  }

  /** Write the lines and have them on disk when this resolves. */
  async #write(lines: string): Promise<void> {
    const buffer = Buffer.from(lines, 'utf8');
    let at = 0;
    while (at < buffer.length) {
      const { bytesWritten } = await this.#file.write(buffer, at);
      at += bytesWritten;
    }
    if (!this.#syncedWrites) await this.#file.datasync();
  }
}

/** Take one record into the map of unanswered intents. */
function foldUnanswered(open: Map<string, number>, r: JournalRecord): void {
  if (r.type !== 'intent' && r.type !== 'outcome') return;
  const key = `${r.projectId}\u0000${r.name}`;
  if (r.type === 'intent') open.set(key, Date.parse(r.time));
  else open.delete(key);
}

/**
 * Read every record of a state folder's journal. A torn last line (a kill
 * in the middle of a write) is skipped: its call had not been sent yet,
 * or its outcome is recovered by name on the next run.
 */
export async function readJournal(
  stateDir: string,
): Promise<JournalRecord[]> {
  const records: JournalRecord[] = [];
  await forEachRecord(stateDir, (record) => records.push(record));
  return records;
}

/**
 * Visit the records of a journal as they are read, so that none need be
 * held; with `runId`, that run's only (the journal of a nightly job grows
 * with every run; the report of the last one need not parse the others).
 */
export async function forEachRecord(
  stateDir: string,
  visit: (record: JournalRecord) => void,
  runId?: string,
): Promise<void> {
  // A cheap text test first; the exact one follows the parse. A name
  // cannot fake the marker: its quotes are escaped in JSON.
  const marker = runId === undefined
    ? ''
    : `"runId":${JSON.stringify(runId)}`;
  await eachRecord(stateDir, (line) => line.includes(marker), (record) => {
    if (runId === undefined || record.runId === runId) visit(record);
  });
}

/**
 * Calls of earlier runs that never got an answer: the latest intent time
 * of each task (by projectId and name) whose last intent has no outcome
 * after it. Such a call may still take effect on the server. Read line by
 * line, without holding the journal in memory.
 */
export async function readUnanswered(
  stateDir: string,
): Promise<Map<string, number>> {
  const open = new Map<string, number>();
  await eachRecord(stateDir, (line) => /"type":"(intent|outcome)"/.test(line),
    (record) => foldUnanswered(open, record));
  return open;
}

/**
 * Visit every parsed record whose line passes `wanted`, line by line: a
 * journal of 100,000 tasks is tens of MB, and holding its text and its
 * split lines beside the records would double that.
 */
async function eachRecord(
  stateDir: string,
  wanted: (line: string) => boolean,
  visit: (record: JournalRecord) => void,
): Promise<void> {
  let file: FileHandle;
  try {
    file = await open(join(stateDir, JOURNAL_FILE), 'r');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    for await (const line of file.readLines({ encoding: 'utf8' })) {
      if (line.trim() === '' || !wanted(line)) continue;
      const record = parseLine(line);
      if (record) visit(record);
    }
  } finally {
    await file.close();
  }
}

/** A record, or undefined for a torn line from a kill mid-write. */
function parseLine(line: string): JournalRecord | undefined {
  try {
    return JSON.parse(line) as JournalRecord;
  } catch {
    return undefined;
  }
}
