/**
 * The five migration operations. Each checks its parameters as the
 * contract lists them, resolves the workspace, and returns the `Data` of a
 * successful answer. IDs stay bigint so the JSON carries them exactly.
 */
import type { Account } from './accounts.js';
import {
  forbidden,
  invalidRequest,
  projectNotExists,
  unknownAction,
} from './errors.js';
import type { JsonValue } from './json.js';
import {
  integerInRange,
  optionalEnum,
  optionalLong,
  optionalString,
  requiredEnum,
  requiredId,
  requiredString,
  type Params,
} from './params.js';
import type { JournalEntry } from './persist.js';
import { toRecord } from './persist.js';
import type { Settings } from './settings.js';
import {
  statusAt,
  updatedAt,
  type Migration,
  type MigrationStatus,
  type Store,
} from './state.js';
import type { NormalWorkspace } from './config.js';

/** What an operation runs with. */
export interface OperationContext {
  store: Store;
  settings: Settings;
  account: Account;
  params: Params;
  now: number;
  /** Set on a per-region listener: workspaces elsewhere do not exist. */
  region?: string;
  /** Base URL for DownloadUrl. */
  baseUrl: string;
  /** Durably record a change; resolves once it is on disk. */
  persist(entry: JournalEntry): Promise<void>;
  /** Seeded draw in [0, 1) for `key`. */
  draw(key: string): number;
}

type Operation = (ctx: OperationContext) => Promise<JsonValue>;

const OPERATIONS: Record<string, Operation> = {
  CreateExportMigration: createExportMigration,
  ListMigrations: listMigrations,
  GetMigrationSummary: getMigrationSummary,
  StartMigration: startMigration,
  GetMigrationProcess: getMigrationProcess,
};

/** Whether the emulator implements an action. */
export function isKnownAction(action: string): boolean {
  return Object.hasOwn(OPERATIONS, action);
}

/** Run an action; throws ApiError on any refusal. */
export function runOperation(
  action: string,
  ctx: OperationContext,
): Promise<JsonValue> {
  const operation = OPERATIONS[action];
  if (!operation) throw unknownAction(action);
  return operation(ctx);
}

/** The workspace of the call, if the caller may use it. */
function resolveWorkspace(ctx: OperationContext): NormalWorkspace {
  const projectId = requiredId(ctx.params, 'ProjectId').toString();
  const workspace = ctx.store.workspace(projectId);
  if (!workspace || (ctx.region && workspace.region !== ctx.region)) {
    throw projectNotExists(projectId);
  }
  const allowed = workspace.accounts;
  if (allowed && !allowed.includes(ctx.account.accessKeyId)) {
    throw forbidden(ctx.account.accessKeyId, projectId);
  }
  return workspace;
}

async function createExportMigration(
  ctx: OperationContext,
): Promise<JsonValue> {
  const { params } = ctx;
  requiredId(params, 'ProjectId');
  const name = requiredString(params, 'Name');
  const exportMode = requiredEnum(params, 'ExportMode', [
    'FULL',
    'INCREMENTAL',
  ]);
  const since = readIncrementalSince(params, exportMode);
  const exportObjectStatus = optionalEnum(params, 'ExportObjectStatus', [
    'SAVED',
    'SUBMITTED',
    'DEPLOYED',
  ]);
  const description = optionalString(params, 'Description');
  const workspace = resolveWorkspace(ctx);
  checkDuplicate(ctx, workspace.projectId, name);

  const migration = ctx.store.create(
    {
      projectId: workspace.projectId,
      name,
      exportMode,
      incrementalSince: since,
      exportObjectStatus,
      description,
      createUser: ctx.account.name,
    },
    ctx.now,
  );
  await ctx.persist({ t: 'migration', m: toRecord(migration) });
  return migration.id;
}

function readIncrementalSince(
  params: Params,
  exportMode: string,
): string | undefined {
  // The contract: only used with INCREMENTAL, and required with it.
  if (exportMode !== 'INCREMENTAL') return undefined;

  const since = optionalLong(params, 'IncrementalSince');
  if (since === undefined) {
    throw invalidRequest(
      'IncrementalSince is mandatory when ExportMode is INCREMENTAL.',
    );
  }
  if (since < 0n) {
    throw invalidRequest('IncrementalSince must be epoch milliseconds >= 0.');
  }
  return since.toString();
}

function checkDuplicate(
  ctx: OperationContext,
  projectId: string,
  name: string,
): void {
  if (ctx.settings.duplicateNames === 'allow') return;

  const existing = ctx.store.findByName(projectId, name)[0];
  if (!existing) return;
  // UNCONFIRMED: whether and how the service rejects a duplicate name.
  throw invalidRequest(
    `An export task named "${name}" already exists in workspace ` +
      `${projectId} (Id ${existing.id}); task names must be unique in a ` +
      'workspace.',
  );
}

async function listMigrations(ctx: OperationContext): Promise<JsonValue> {
  const { params } = ctx;
  requiredId(params, 'ProjectId');
  const type = requiredEnum(params, 'MigrationType', ['EXPORT', 'IMPORT']);
  const owner = optionalString(params, 'Owner');
  const pageNumber = integerInRange(params, 'PageNumber', {
    min: 1,
    max: 1_000_000_000,
    fallback: 1,
  });
  const pageSize = integerInRange(params, 'PageSize', {
    min: 1,
    max: 100,
    fallback: 10,
  });
  const workspace = resolveWorkspace(ctx);

  const { items, total } = type === 'IMPORT'
    ? { items: [], total: 0 }
    : pageOf(ctx, workspace.projectId, owner, pageNumber, pageSize);
  return {
    Migrations: items.map((m) => listItem(ctx, m)),
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: total,
  };
}

function pageOf(
  ctx: OperationContext,
  projectId: string,
  owner: string | undefined,
  pageNumber: number,
  pageSize: number,
): { items: Migration[]; total: number } {
  if (owner === undefined) {
    return ctx.store.page(projectId, pageNumber, pageSize);
  }
  // Owner is rare; filtering walks the workspace's tasks once.
  const all = ctx.store.page(projectId, 1, Number.MAX_SAFE_INTEGER).items;
  const mine = all.filter((m) => m.createUser === owner);
  const start = (pageNumber - 1) * pageSize;
  return { items: mine.slice(start, start + pageSize), total: mine.length };
}

/** ListMigrations speaks a coarser status vocabulary (UNCONFIRMED map). */
const LIST_STATUS: Record<MigrationStatus, string> = {
  INIT: 'INIT',
  EXPORTING: 'RUNNING',
  EXPORT_SUCCESS: 'SUCCESS',
  EXPORT_ERROR: 'FAILURE',
};

function listItem(ctx: OperationContext, m: Migration): JsonValue {
  const status = statusAt(m, ctx.now, ctx.settings.exportMs);
  return {
    Id: m.id,
    Name: m.name,
    MigrationType: 'EXPORT',
    PackageType: 'DATAWORKS_MODEL',
    Status: LIST_STATUS[status],
    Message: status === 'EXPORT_ERROR' ? 'Export failed (emulated).' : '',
    DownloadUrl: downloadUrl(ctx, m, status),
    CreateTime: m.createTime,
    UpdateTime: updatedAt(m, ctx.now, ctx.settings.exportMs),
    CreateUser: m.createUser,
    OpUser: m.opUser ?? m.createUser,
    ProjectId: BigInt(m.projectId),
    Description: m.description ?? '',
  };
}

function downloadUrl(
  ctx: OperationContext,
  m: Migration,
  status: MigrationStatus,
): string {
  if (status !== 'EXPORT_SUCCESS') return '';
  const expires = Math.floor(ctx.now / 1000) + 3600;
  return `${ctx.baseUrl}/__emulator/packages/${m.projectId}/${m.id}.zip` +
    `?Expires=${expires}`;
}

/** The task named by MigrationId in the call's workspace. */
function resolveMigration(ctx: OperationContext): Migration {
  requiredId(ctx.params, 'ProjectId');
  const id = requiredId(ctx.params, 'MigrationId');
  const workspace = resolveWorkspace(ctx);
  const migration = ctx.store.get(workspace.projectId, id);
  if (migration) return migration;

  // UNCONFIRMED: the code for an unknown task.
  throw invalidRequest(
    `The migration task ${id} does not exist in workspace ` +
      `${workspace.projectId}.`,
  );
}

async function getMigrationSummary(ctx: OperationContext): Promise<JsonValue> {
  const m = resolveMigration(ctx);
  const status = statusAt(m, ctx.now, ctx.settings.exportMs);
  return {
    MigrationId: m.id,
    Name: m.name,
    ProjectId: BigInt(m.projectId),
    Status: status,
    DownloadUrl: downloadUrl(ctx, m, status),
    GmtCreate: m.createTime,
    GmtModified: updatedAt(m, ctx.now, ctx.settings.exportMs),
    CreateUser: m.createUser,
    OpUser: m.opUser ?? m.createUser,
  };
}

async function startMigration(ctx: OperationContext): Promise<JsonValue> {
  const m = resolveMigration(ctx);
  // A second start is accepted and changes nothing (UNCONFIRMED).
  if (m.startTime !== undefined) return true;

  const failed =
    ctx.draw(`outcome\0${m.id}`) < ctx.settings.exportErrorRate;
  ctx.store.start(m, ctx.now, ctx.account.name, failed ? 'error' : 'success');
  await ctx.persist({ t: 'migration', m: toRecord(m) });
  return true;
}

const STEPS = ['PREPARE', 'EXPORT', 'PACKAGE'] as const;

/** Step statuses per task status; step names are UNCONFIRMED. */
const STEP_STATUS: Record<MigrationStatus, string[]> = {
  INIT: ['INIT', 'INIT', 'INIT'],
  EXPORTING: ['SUCCESS', 'RUNNING', 'INIT'],
  EXPORT_SUCCESS: ['SUCCESS', 'SUCCESS', 'SUCCESS'],
  EXPORT_ERROR: ['SUCCESS', 'FAILURE', 'INIT'],
};

async function getMigrationProcess(ctx: OperationContext): Promise<JsonValue> {
  const m = resolveMigration(ctx);
  const status = statusAt(m, ctx.now, ctx.settings.exportMs);
  return STEPS.map((name, i) => ({
    TaskName: name,
    TaskStatus: STEP_STATUS[status][i] ?? 'INIT',
  }));
}
