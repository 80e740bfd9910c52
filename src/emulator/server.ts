/**
 * The local DataWorks emulator: HTTP listeners in front of EmulatorCore.
 *
 * The main listener serves every region. Each configured region may also
 * get its own listener, which serves only the workspaces of that region (a
 * workspace elsewhere answers 400 Invalid.Tenant.ProjectNotExists, as a
 * wrong regional endpoint would; the code is UNCONFIRMED).
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { handleApiCall, type Listener } from './api.js';
import type { AccountConfig, WorkspaceConfig } from './config.js';
import { Problems } from './config-checks.js';
import { formatPath, readWorkspace } from './config.js';
import { EmulatorCore, type MigrationView } from './core.js';
import { sendJson } from './http.js';
import type { EmulatorOptions } from './options.js';
import type { RequestRecord } from './request-log.js';

export type { EmulatorOptions, EmulatorLogger } from './options.js';
export type { EmulatorConfig } from './config.js';
export type { MigrationView } from './core.js';
export type { RequestRecord } from './request-log.js';
export {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
} from './settings.js';

/** A started emulator. */
export interface RunningEmulator {
  /** Main listener, every region: `http://host:port`. */
  url: string;
  port: number;
  /** Per-region listeners, region → URL. */
  regionUrls: Record<string, string>;
  /** Stop listening, drop open connections, write the final state. */
  close(): Promise<void>;
  /** Make a key answer 400 InvalidAccessKeyId.Inactive from now on. */
  disableAccount(accessKeyId: string): void;
  /** Undo disableAccount. */
  enableAccount(accessKeyId: string): void;
  /** Add or replace an account. */
  addAccount(account: AccountConfig): void;
  /** Register or update a workspace (persisted with the state). */
  addWorkspace(workspace: WorkspaceConfig): Promise<void>;
  /** Every task, IDs as strings. */
  migrations(projectId?: string): MigrationView[];
  /** Every signed call received, oldest first. */
  requests(): RequestRecord[];
}

/** Start an emulator; resolves once every listener is up. */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const core = await EmulatorCore.create(options);
  const host = options.host ?? '127.0.0.1';
  const servers: Server[] = [];
  try {
    const main = await listen(core, host, options.port ?? 0, {});
    servers.push(main);
    core.baseUrl = urlOf(host, main);

    const regionUrls: Record<string, string> = {};
    for (const [region, port] of core.settings.regionPorts) {
      const server = await listen(core, host, port, { region });
      servers.push(server);
      regionUrls[region] = urlOf(host, server);
    }
    options.logger?.info('emulator started', { url: core.baseUrl });
    return running(core, servers, regionUrls);
  } catch (error: unknown) {
    await Promise.all(servers.map(stop));
    await core.close();
    throw error;
  }
}

function running(
  core: EmulatorCore,
  servers: Server[],
  regionUrls: Record<string, string>,
): RunningEmulator {
  const main = servers[0] as Server;
  return {
    url: core.baseUrl,
    port: (main.address() as AddressInfo).port,
    regionUrls,
    close: async () => {
      await Promise.all(servers.map(stop));
      await core.close();
    },
    disableAccount: (id) => setDisabled(core, id, true),
    enableAccount: (id) => setDisabled(core, id, false),
    addAccount: (account) => core.putAccount(account),
    addWorkspace: (workspace) => addWorkspace(core, workspace),
    migrations: (projectId) => core.migrations(projectId),
    requests: () => core.log.list(),
  };
}

function setDisabled(core: EmulatorCore, id: string, disabled: boolean): void {
  if (!core.accounts.setDisabled(id, disabled)) {
    throw new Error(`emulator: unknown accessKeyId "${id}"`);
  }
}

async function addWorkspace(
  core: EmulatorCore,
  workspace: WorkspaceConfig,
): Promise<void> {
  const problems = new Problems();
  const normal = readWorkspace(workspace, [], problems);
  if (!normal) {
    const list = problems.list.map((p) => `${formatPath(p.path)} ${p.message}`);
    throw new Error(`emulator: invalid workspace: ${list.join('; ')}`);
  }
  await core.putWorkspace(normal);
}

function urlOf(host: string, server: Server): string {
  const { port } = server.address() as AddressInfo;
  const name = host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function listen(
  core: EmulatorCore,
  host: string,
  port: number,
  listener: Listener,
): Promise<Server> {
  const server = createServer((req, res) => {
    dispatch(core, req, res, listener).catch((error: unknown) => {
      core.logger?.warn('emulator request failed', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'emulator bug' });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function dispatch(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  listener: Listener,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(core, req, res);
  if (path === '/') return handleApiCall(core, req, res, listener);
  sendJson(res, 404, {
    Code: 'InvalidAction.NotFound',
    Message: `No API at path ${path}; RPC calls go to "/".`,
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
