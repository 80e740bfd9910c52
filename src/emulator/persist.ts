/**
 * Durable state: a snapshot file plus an append-only journal beside it.
 *
 * Guarantee: a change is on disk (journal line written and fdatasync'ed)
 * before the call that made it is answered. Changes that arrive while a
 * flush runs are batched into the next flush, so throughput does not depend
 * on fsync latency per call. When the journal grows past the number of
 * tasks (at least 10,000 lines), the whole state is written to a temp file,
 * fsync'ed and renamed over the snapshot, then the journal is emptied:
 * amortised O(1) work per change.
 *
 * Replay is idempotent: journal lines are full records with a revision, so
 * a crash between the rename and the truncation loses nothing. A torn last
 * journal line (crash mid-write) is ignored; that change was never answered.
 */
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import type { NormalWorkspace } from './config.js';
import type { Migration } from './state.js';

/** A task as stored on disk: IDs as decimal strings. */
export interface MigrationRecord
  extends Omit<Migration, 'id'> {
  id: string;
}

/** One journal line. */
export type JournalEntry =
  | { t: 'migration'; m: MigrationRecord }
  | { t: 'workspace'; w: NormalWorkspace }
  | { t: 'nextId'; n: string };

/** Everything read back from disk. */
export interface LoadedState {
  nextId?: bigint;
  workspaces: NormalWorkspace[];
  migrations: Migration[];
}

const FORMAT = 'dwmigrate-emulator-state';

/** The snapshot file's content. */
export interface Snapshot {
  format: typeof FORMAT;
  version: 1;
  nextId: string;
  workspaces: NormalWorkspace[];
  migrations: MigrationRecord[];
}

/** Disk form of a task. */
export function toRecord(migration: Migration): MigrationRecord {
  return { ...migration, id: migration.id.toString() };
}

function fromRecord(record: MigrationRecord): Migration {
  return { ...record, id: BigInt(record.id) };
}

/** Build the snapshot text of a state. */
export function snapshotText(
  nextId: bigint,
  workspaces: NormalWorkspace[],
  migrations: Iterable<Migration>,
): string {
  const snapshot: Snapshot = {
    format: FORMAT,
    version: 1,
    nextId: nextId.toString(),
    workspaces,
    migrations: Array.from(migrations, toRecord),
  };
  return JSON.stringify(snapshot);
}

/** Read snapshot and journal; an absent file is an empty state. */
export async function loadState(file: string): Promise<LoadedState> {
  const state: LoadedState = { workspaces: [], migrations: [] };
  const snapshot = await readOptional(file);
  if (snapshot !== undefined) {
    applySnapshot(state, parseSnapshot(snapshot, file));
  }

  const journal = await readOptional(journalPath(file));
  if (journal !== undefined) applyJournal(state, journal, journalPath(file));

  state.migrations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return state;
}

/** The journal's path beside the state file. */
export function journalPath(file: string): string {
  return `${file}.journal`;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(
      `cannot read emulator state ${file}: ${String(error)}`,
    );
  }
}

function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new UsageError(
      `emulator state ${file} is not valid JSON (${String(error)}); ` +
        'move it away to start empty',
    );
  }
  const snapshot = value as Partial<Snapshot>;
  if (snapshot.format !== FORMAT || snapshot.version !== 1) {
    throw new UsageError(
      `${file} is not a dwmigrate emulator state file (format ${FORMAT} v1)`,
    );
  }
  return snapshot as Snapshot;
}

function applySnapshot(state: LoadedState, snapshot: Snapshot): void {
  state.nextId = BigInt(snapshot.nextId);
  state.workspaces.push(...snapshot.workspaces);
  state.migrations.push(...snapshot.migrations.map(fromRecord));
}

function applyJournal(state: LoadedState, text: string, file: string): void {
  const lines = text.split('\n');
  const byId = new Map(state.migrations.map((m) => [m.id, m]));
  lines.forEach((line, index) => {
    if (line === '') return;

    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch (error: unknown) {
      // Only the last line may be torn by a crash mid-write.
      if (lines.slice(index + 1).every((rest) => rest === '')) return;
      throw new UsageError(
        `emulator journal ${file}:${index + 1} is corrupt: ${String(error)}`,
      );
    }
    applyEntry(state, byId, entry);
  });
  state.migrations = [...byId.values()];
}

function applyEntry(
  state: LoadedState,
  byId: Map<bigint, Migration>,
  entry: JournalEntry,
): void {
  if (entry.t === 'workspace') {
    state.workspaces.push(entry.w);
  } else if (entry.t === 'nextId') {
    const next = BigInt(entry.n);
    if (state.nextId === undefined || next > state.nextId) state.nextId = next;
  } else {
    const migration = fromRecord(entry.m);
    const current = byId.get(migration.id);
    if (!current || current.revision <= migration.revision) {
      byId.set(migration.id, migration);
    }
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** Where a compaction gets the full state from. */
export interface SnapshotSource {
  /** Number of tasks; the journal is compacted past this many lines. */
  size(): number;
  /** The whole state as snapshot text. */
  text(): string;
}

/** Appends journal lines in batches and compacts into the snapshot. */
export class StateWriter {
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private running = false;
  private journalLines = 0;
  private handle: FileHandle | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly file: string,
    private readonly source: SnapshotSource,
    /** Told about a failed compaction; the journal keeps the data. */
    private readonly onError: (error: unknown) => void = () => undefined,
    /** Fewest journal lines before a compaction. */
    private readonly compactAfter = 10000,
  ) {}

  /** Start from a fresh snapshot and an empty journal. */
  async open(): Promise<void> {
    await this.compact();
  }

  /** Queue a change; resolves once it is durably on disk. */
  append(entry: JournalEntry): Promise<void> {
    this.pending.push(JSON.stringify(entry));
    const done = new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
    });
    if (!this.running) {
      this.running = true;
      this.idle = new Promise((resolve) => (this.markIdle = resolve));
      // Let every change of this turn of the event loop join the batch.
      setImmediate(() => void this.loop());
    }
    return done;
  }

  /** Wait for queued changes, write a final snapshot, close the journal. */
  async close(): Promise<void> {
    await this.idle;
    await this.compact();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.write(lines);
        for (const waiter of waiters) waiter.resolve();
      } catch (error: unknown) {
        for (const waiter of waiters) waiter.reject(error);
      }
      const limit = Math.max(this.compactAfter, this.source.size());
      if (this.journalLines > limit) {
        await this.compact().catch(this.onError);
      }
    }
    this.running = false;
    this.markIdle();
  }

  private async write(lines: string[]): Promise<void> {
    const handle = await this.journal();
    await handle.write(`${lines.join('\n')}\n`);
    await handle.datasync();
    this.journalLines += lines.length;
  }

  private async journal(): Promise<FileHandle> {
    if (!this.handle) {
      this.handle = await open(journalPath(this.file), 'a');
      await syncDirectory(this.file);
    }
    return this.handle;
  }

  /** Snapshot via temp file, fsync and rename; then empty the journal. */
  private async compact(): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(this.source.text());
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDirectory(this.file);

    const journal = await this.journal();
    await journal.truncate(0);
    await journal.datasync();
    this.journalLines = 0;
  }
}

/** Make a rename or a new file in the directory durable. */
async function syncDirectory(file: string): Promise<void> {
  const handle = await open(dirname(file), 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename still happened.
  } finally {
    await handle.close();
  }
}
