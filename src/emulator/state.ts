/**
 * The emulated service's data: workspaces and their export tasks, indexed
 * so that every call costs O(1) or O(page), never O(all tasks).
 */
import type { NormalWorkspace } from './config.js';

/** FULL exports everything; INCREMENTAL what changed since a time. */
export type ExportMode = 'FULL' | 'INCREMENTAL';

/** Status as GetMigrationSummary reports it. */
export type MigrationStatus =
  | 'INIT'
  | 'EXPORTING'
  | 'EXPORT_SUCCESS'
  | 'EXPORT_ERROR';

/** One export task. IDs are bigint in memory, strings on disk. */
export interface Migration {
  id: bigint;
  projectId: string;
  name: string;
  exportMode: ExportMode;
  /** Epoch ms as exact decimal; only with INCREMENTAL. */
  incrementalSince?: string;
  exportObjectStatus?: string;
  description?: string;
  createUser: string;
  createTime: number;
  updateTime: number;
  /** Set by StartMigration. */
  startTime?: number;
  opUser?: string;
  /** Decided when started: how the export ends. */
  outcome?: 'success' | 'error';
  /** Bumped on each change; replay keeps the highest. */
  revision: number;
}

/** What CreateExportMigration provides. */
export type NewMigration = Omit<
  Migration,
  'id' | 'createTime' | 'updateTime' | 'revision'
>;

interface WorkspaceEntry {
  info: NormalWorkspace;
  // In ID order: IDs only grow, so insertion order is ID order.
  migrations: Migration[];
  byName: Map<string, Migration[]>;
}

/** Workspaces, tasks and the ID counter. */
export class Store {
  private readonly workspaces = new Map<string, WorkspaceEntry>();
  private readonly byId = new Map<bigint, Migration>();
  private nextIdValue: bigint;

  constructor(idStart: bigint) {
    this.nextIdValue = idStart;
  }

  /** The ID the next task gets. */
  get nextId(): bigint {
    return this.nextIdValue;
  }

  /** Never hand out an ID below `id` (restored state, --id-start). */
  raiseNextId(id: bigint): void {
    if (id > this.nextIdValue) this.nextIdValue = id;
  }

  /** Number of tasks in every workspace. */
  get size(): number {
    return this.byId.size;
  }

  /** Add a workspace or replace its region and accounts. */
  putWorkspace(info: NormalWorkspace): void {
    const entry = this.workspaces.get(info.projectId);
    if (entry) {
      entry.info = info;
      return;
    }
    this.workspaces.set(info.projectId, {
      info,
      migrations: [],
      byName: new Map(),
    });
  }

  workspace(projectId: string): NormalWorkspace | undefined {
    return this.workspaces.get(projectId)?.info;
  }

  /** Every workspace, in the order they were added. */
  listWorkspaces(): NormalWorkspace[] {
    return [...this.workspaces.values()].map((entry) => entry.info);
  }

  /** Tasks of a workspace with this exact name (several if allowed). */
  findByName(projectId: string, name: string): readonly Migration[] {
    return this.workspaces.get(projectId)?.byName.get(name) ?? [];
  }

  /** Create a task with the next ID. The workspace must exist. */
  create(input: NewMigration, now: number): Migration {
    const migration: Migration = {
      ...input,
      id: this.nextIdValue,
      createTime: now,
      updateTime: now,
      revision: 1,
    };
    this.nextIdValue += 1n;
    this.insert(migration);
    return migration;
  }

  /** Put back a task read from disk; a higher revision wins. */
  restore(migration: Migration): void {
    const current = this.byId.get(migration.id);
    if (current) {
      if (current.revision <= migration.revision) {
        Object.assign(current, migration);
      }
      return;
    }
    if (!this.workspaces.has(migration.projectId)) {
      this.putWorkspace({ projectId: migration.projectId, region: 'unknown' });
    }
    this.insert(migration);
    this.raiseNextId(migration.id + 1n);
  }

  private insert(migration: Migration): void {
    const entry = this.workspaces.get(migration.projectId);
    if (!entry) throw new Error(`no workspace ${migration.projectId}`);

    const last = entry.migrations[entry.migrations.length - 1];
    entry.migrations.push(migration);
    // Restored tasks may arrive out of order; keep the ID order.
    if (last && last.id > migration.id) {
      entry.migrations.sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    const named = entry.byName.get(migration.name);
    if (named) named.push(migration);
    else entry.byName.set(migration.name, [migration]);
    this.byId.set(migration.id, migration);
  }

  /** A task of a workspace by ID. */
  get(projectId: string, id: bigint): Migration | undefined {
    const migration = this.byId.get(id);
    return migration?.projectId === projectId ? migration : undefined;
  }

  /** One page of a workspace's tasks by ID ascending; pages start at 1. */
  page(
    projectId: string,
    pageNumber: number,
    pageSize: number,
  ): { items: Migration[]; total: number } {
    const list = this.workspaces.get(projectId)?.migrations ?? [];
    const start = (pageNumber - 1) * pageSize;
    return { items: list.slice(start, start + pageSize), total: list.length };
  }

  /** Every task, workspace by workspace, by ID within each. */
  *all(): IterableIterator<Migration> {
    for (const entry of this.workspaces.values()) yield* entry.migrations;
  }

  /** Record a start; the export runs on the clock from `now`. */
  start(
    migration: Migration,
    now: number,
    opUser: string,
    outcome: 'success' | 'error',
  ): void {
    migration.startTime = now;
    migration.updateTime = now;
    migration.opUser = opUser;
    migration.outcome = outcome;
    migration.revision += 1;
  }
}

/** Status at `now`: INIT until started, EXPORTING for `exportMs`, then done. */
export function statusAt(
  migration: Migration,
  now: number,
  exportMs: number,
): MigrationStatus {
  if (migration.startTime === undefined) return 'INIT';
  if (now < migration.startTime + exportMs) return 'EXPORTING';
  return migration.outcome === 'error' ? 'EXPORT_ERROR' : 'EXPORT_SUCCESS';
}

/** When the status last changed, as UpdateTime/GmtModified report it. */
export function updatedAt(
  migration: Migration,
  now: number,
  exportMs: number,
): number {
  const status = statusAt(migration, now, exportMs);
  if (status === 'EXPORT_SUCCESS' || status === 'EXPORT_ERROR') {
    return (migration.startTime ?? 0) + exportMs;
  }
  return migration.updateTime;
}
