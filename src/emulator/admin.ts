/**
 * Unsigned helper endpoints under /__emulator/, for tests and humans.
 * Answered only to loopback peers; never subject to faults or limits.
 *
 *   GET  /__emulator/health
 *   GET  /__emulator/migrations[?projectId=N]
 *   GET  /__emulator/requests
 *   GET  /__emulator/accounts
 *   POST /__emulator/accounts               {accessKeyId, accessKeySecret}
 *   POST /__emulator/accounts/<id>/disable
 *   POST /__emulator/accounts/<id>/enable
 *   GET  /__emulator/workspaces
 *   POST /__emulator/workspaces             {projectId, region, accounts?}
 *   GET  /__emulator/packages/<projectId>/<id>.zip
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseLossless } from 'lossless-json';
import { Problems, type ConfigPath } from './config-checks.js';
import { formatPath, readAccount, readWorkspace } from './config.js';
import type { EmulatorCore } from './core.js';
import { isLoopback, readBody, sendJson } from './http.js';

/** Path prefix of every admin endpoint. */
export const ADMIN_PREFIX = '/__emulator/';

/** An admin request failed; sent as `{error}` with this status. */
class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (
  core: EmulatorCore,
  req: IncomingMessage,
  match: RegExpExecArray,
  url: URL,
) => Promise<unknown> | unknown;

const ROUTES: [string, RegExp, Route][] = [
  ['GET', /^health$/, (core) => ({ ok: true, url: core.baseUrl })],
  ['GET', /^migrations$/, listMigrations],
  ['GET', /^requests$/, (core) => core.log.list()],
  ['GET', /^accounts$/, (core) => core.accounts.list()],
  ['POST', /^accounts$/, addAccount],
  ['POST', /^accounts\/([^/]+)\/(disable|enable)$/, toggleAccount],
  ['GET', /^workspaces$/, (core) => core.store.listWorkspaces()],
  ['POST', /^workspaces$/, addWorkspaces],
];

const PACKAGE = /^packages\/(\d+)\/(\d+)\.zip$/;

/** An empty ZIP archive: just the end-of-central-directory record. */
const EMPTY_ZIP = Buffer.from([
  0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0),
]);

/** Answer one admin request. */
export async function handleAdmin(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    sendJson(res, 403, { error: 'admin endpoints answer loopback only' });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname.slice(ADMIN_PREFIX.length);
  try {
    if (req.method === 'GET' && PACKAGE.test(path)) {
      return sendPackage(core, res, PACKAGE.exec(path));
    }
    const result = await route(core, req, path, url);
    sendJson(res, 200, result);
  } catch (error: unknown) {
    if (!(error instanceof AdminError)) throw error;
    sendJson(res, error.status, { error: error.message });
  }
}

async function route(
  core: EmulatorCore,
  req: IncomingMessage,
  path: string,
  url: URL,
): Promise<unknown> {
  let pathKnown = false;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (method === req.method) return handler(core, req, match, url);
  }
  if (pathKnown) throw new AdminError(405, `method ${req.method} not allowed`);
  throw new AdminError(404, `no admin endpoint ${ADMIN_PREFIX}${path}`);
}

function listMigrations(
  core: EmulatorCore,
  _req: IncomingMessage,
  _match: RegExpExecArray,
  url: URL,
): unknown {
  const projectId = url.searchParams.get('projectId') ?? undefined;
  return core.migrations(projectId);
}

function toggleAccount(
  core: EmulatorCore,
  _req: IncomingMessage,
  match: RegExpExecArray,
): unknown {
  const id = decodeURIComponent(match[1] ?? '');
  const disabled = match[2] === 'disable';
  if (!core.accounts.setDisabled(id, disabled)) {
    throw new AdminError(404, `unknown accessKeyId "${id}"`);
  }
  return { accessKeyId: id, disabled };
}

/** Parse a JSON body with integers as bigint, so IDs stay exact. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (!body) throw new AdminError(413, 'body larger than 1 MiB');
  try {
    return parseLossless(body.toString('utf8'), undefined, (text) =>
      /^-?\d+$/.test(text) ? BigInt(text) : Number(text),
    );
  } catch (error: unknown) {
    throw new AdminError(400, `body is not JSON: ${String(error)}`);
  }
}

function problemsError(problems: Problems): AdminError {
  const list = problems.list.map(
    (p) => `${formatPath(p.path)}: ${p.message}`,
  );
  return new AdminError(400, list.join('; '));
}

async function addAccount(
  core: EmulatorCore,
  req: IncomingMessage,
): Promise<unknown> {
  const problems = new Problems();
  const account = readAccount(await readJson(req), [], problems);
  if (!account || problems.list.length > 0) throw problemsError(problems);

  core.putAccount(account);
  const id = account.accessKeyId;
  return core.accounts.list().find((a) => a.accessKeyId === id);
}

async function addWorkspaces(
  core: EmulatorCore,
  req: IncomingMessage,
): Promise<unknown> {
  const body = await readJson(req);
  const items = Array.isArray(body) ? body : [body];
  const problems = new Problems();
  const workspaces = items.map((item, i) => {
    const path: ConfigPath = Array.isArray(body) ? [i] : [];
    return readWorkspace(item, path, problems);
  });
  if (problems.list.length > 0) throw problemsError(problems);

  for (const workspace of workspaces) {
    if (workspace) await core.putWorkspace(workspace);
  }
  return workspaces;
}

function sendPackage(
  core: EmulatorCore,
  res: ServerResponse,
  match: RegExpExecArray | null,
): void {
  const projectId = BigInt(match?.[1] ?? 0).toString();
  const migration = core.store.get(projectId, BigInt(match?.[2] ?? 0));
  if (!migration) {
    sendJson(res, 404, { error: 'no such export package' });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-length': EMPTY_ZIP.length,
  });
  res.end(EMPTY_ZIP);
}
