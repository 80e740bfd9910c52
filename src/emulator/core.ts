/**
 * The emulator's parts wired together: settings, accounts, workspaces and
 * tasks, limits, faults, the request log and the state file. The HTTP
 * layer (server.ts, api.ts, admin.ts) only talks to this.
 */
import { AccountRegistry } from './accounts.js';
import { systemClock, type Clock } from './clock.js';
import type { AccountConfig, NormalWorkspace } from './config.js';
import { FaultPlanner } from './faults.js';
import { NonceStore } from './nonce.js';
import type { EmulatorLogger, EmulatorOptions } from './options.js';
import {
  loadState,
  snapshotText,
  StateWriter,
  type JournalEntry,
} from './persist.js';
import { drawUnit } from './random.js';
import { RequestLog } from './request-log.js';
import { resolveSettings, type Settings } from './settings.js';
import { statusAt, Store, type Migration } from './state.js';
import { Throttle } from './throttle.js';

/** A task as GET /__emulator/migrations shows it; IDs as strings. */
export interface MigrationView {
  projectId: string;
  region: string;
  id: string;
  name: string;
  exportMode: string;
  status: string;
  createTime: number;
  updateTime: number;
  createUser: string;
  incrementalSince?: string;
  exportObjectStatus?: string;
  description?: string;
  startTime?: number;
}

/** Shared state and services of one running emulator. */
export class EmulatorCore {
  readonly accounts: AccountRegistry;
  readonly nonces = new NonceStore();
  readonly throttle: Throttle;
  readonly faults: FaultPlanner;
  readonly log: RequestLog;
  readonly clock: Clock;
  readonly logger: EmulatorLogger | undefined;
  /** Set once the listeners are up. */
  baseUrl = '';
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    readonly settings: Settings,
    readonly store: Store,
    private readonly writer: StateWriter | undefined,
    options: EmulatorOptions,
  ) {
    this.accounts = new AccountRegistry(settings.accounts);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.log = new RequestLog(options.requestLogLimit ?? 1_000_000);
    this.faults = new FaultPlanner(settings.faults);
    this.throttle = new Throttle(
      (region) => settings.regionRates.get(region) ?? settings.rates,
    );
  }

  /** Resolve settings, restore the state file, open the journal. */
  static async create(options: EmulatorOptions): Promise<EmulatorCore> {
    const settings = resolveSettings(options);
    const store = new Store(settings.idStart);
    if (options.stateFile) await restore(store, options.stateFile);
    for (const workspace of settings.workspaces) store.putWorkspace(workspace);

    const writer = options.stateFile
      ? new StateWriter(
          options.stateFile,
          {
            size: () => store.size,
            text: () =>
              snapshotText(store.nextId, store.listWorkspaces(), store.all()),
          },
          (error) => options.logger?.warn('state compaction failed', {
            error: String(error),
          }),
        )
      : undefined;
    await writer?.open();
    return new EmulatorCore(settings, store, writer, options);
  }

  /** Durably record a change (no-op without a state file). */
  persist(entry: JournalEntry): Promise<void> {
    return this.writer ? this.writer.append(entry) : Promise.resolve();
  }

  /** Seeded draw for anything that is not a per-call fault. */
  draw(key: string): number {
    return drawUnit(this.settings.faults.seed, key);
  }

  /** Wait; never resolves once the emulator is closing. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Register or update a workspace, durably. */
  async putWorkspace(workspace: NormalWorkspace): Promise<void> {
    this.store.putWorkspace(workspace);
    await this.persist({ t: 'workspace', w: workspace });
  }

  /** Add or replace an account (not persisted: accounts are config). */
  putAccount(account: AccountConfig): void {
    this.accounts.add(account);
  }

  /** Every task, optionally of one workspace. */
  migrations(projectId?: string): MigrationView[] {
    const now = this.clock.now();
    const views: MigrationView[] = [];
    for (const m of this.store.all()) {
      if (projectId !== undefined && m.projectId !== projectId) continue;
      views.push(this.view(m, now));
    }
    return views;
  }

  private view(m: Migration, now: number): MigrationView {
    return {
      projectId: m.projectId,
      region: this.store.workspace(m.projectId)?.region ?? 'unknown',
      id: m.id.toString(),
      name: m.name,
      exportMode: m.exportMode,
      status: statusAt(m, now, this.settings.exportMs),
      createTime: m.createTime,
      updateTime: m.updateTime,
      createUser: m.createUser,
      incrementalSince: m.incrementalSince,
      exportObjectStatus: m.exportObjectStatus,
      description: m.description,
      startTime: m.startTime,
    };
  }

  /** Stop timers and write the final snapshot. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.writer?.close();
  }
}

async function restore(store: Store, file: string): Promise<void> {
  const state = await loadState(file);
  for (const workspace of state.workspaces) store.putWorkspace(workspace);
  for (const migration of state.migrations) store.restore(migration);
  if (state.nextId !== undefined) store.raiseNextId(state.nextId);
}
