/**
 * One signed API call, start to finish:
 * read → authenticate → action → throttle → fault draw → latency →
 * pre-effect fault or operation → lost-response fault → answer.
 * A refused, throttled or pre-effect-faulted call never changes state.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.js';
import type { EmulatorCore } from './core.js';
import {
  ApiError,
  internalError,
  invalidRequest,
  recommendFor,
  serviceUnavailable,
  throttled,
  unknownAction,
} from './errors.js';
import type { FaultDecision } from './faults.js';
import { readBody, sendJsonText } from './http.js';
import { toJson, type JsonValue } from './json.js';
import { isKnownAction, runOperation } from './operations.js';
import type { Params } from './params.js';
import type { RequestRecord } from './request-log.js';
import { parseAuthorization } from './signature.js';
import { kindOf } from './throttle.js';

/** The API version the emulator serves. */
export const API_VERSION = '2020-05-18';

/** Which listener received the call. */
export interface Listener {
  /** Set for a per-region listener. */
  region?: string;
}

/** A call in flight: what was received and how it was answered. */
interface Call {
  core: EmulatorCore;
  req: IncomingMessage;
  res: ServerResponse;
  listener: Listener;
  record: RequestRecord;
  params: Params;
  body: Buffer;
}

/** Handle `POST /` (or any method on `/`): one RPC call. */
export async function handleApiCall(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  listener: Listener,
): Promise<void> {
  const now = core.clock.now();
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://emulator');
  const params = readParams(url.search, body ?? Buffer.alloc(0));
  const call: Call = {
    core,
    req,
    res,
    listener,
    params,
    body: body ?? Buffer.alloc(0),
    record: newRecord(req, params, now, listener),
  };
  try {
    if (!body) throw tooLarge();
    await processCall(call, url);
  } catch (error: unknown) {
    if (error instanceof ApiError) return sendError(call, error);
    core.logger?.warn('emulator bug', { error: String(error) });
    sendError(call, internalError());
  }
}

function readParams(query: string, body: Buffer): Params {
  const params: Params = new Map(new URLSearchParams(query));
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    params.set(key, value);
  }
  return params;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function newRecord(
  req: IncomingMessage,
  params: Params,
  now: number,
  listener: Listener,
): RequestRecord {
  const auth = parseAuthorization(header(req, 'authorization'));
  return {
    time: new Date(now).toISOString(),
    action: header(req, 'x-acs-action') || (params.get('Action') ?? ''),
    accessKeyId: auth?.accessKeyId ?? '',
    projectId: params.get('ProjectId') ?? '',
    status: 0,
    code: null,
    region: addressedRegion(req, listener),
  };
}

/**
 * The region a call was sent to, as far as the request tells before it is
 * authenticated: the region listener it reached, else a regional host
 * name (`dataworks.cn-shanghai.aliyuncs.com`); null when neither does.
 */
function addressedRegion(
  req: IncomingMessage,
  listener: Listener,
): string | null {
  if (listener.region) return listener.region;
  const host = header(req, 'host');
  return /^dataworks\.([a-z0-9-]+)\.aliyuncs\.com(:\d+)?$/i
    .exec(host)?.[1]?.toLowerCase() ?? null;
}

async function processCall(call: Call, url: URL): Promise<void> {
  const { core, req, record } = call;
  const now = core.clock.now();
  const account = authenticate(
    {
      method: req.method ?? 'POST',
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body: call.body,
      now,
    },
    { accounts: core.accounts, nonces: core.nonces },
  );
  checkAction(call);

  record.region = regionOf(call);
  const admission = core.throttle.admit(
    account.accessKeyId,
    // Calls whose region cannot be told share one bucket.
    record.region ?? 'global',
    kindOf(record.action),
    now,
  );
  if (!admission.ok) throw throttled(admission.retryAfterMs);

  const decision = core.faults.decide(callKey(call));
  if (decision.latencyMs > 0) {
    record.latencyMs = decision.latencyMs;
    await core.sleep(decision.latencyMs);
  }
  if (core.isClosed) return;
  if (decision.kind !== 'none') record.fault = decision.kind;
  preEffectFault(call, decision);
  if (decision.kind === 'reset' || decision.kind === 'html502') return;

  const data = await runOperation(record.action, {
    store: core.store,
    settings: core.settings,
    account,
    params: call.params,
    now: core.clock.now(),
    region: call.listener.region,
    baseUrl: core.baseUrl,
    persist: (entry) => core.persist(entry),
    draw: (key) => core.draw(key),
  });
  await answer(call, decision, data);
}

function checkAction(call: Call): void {
  const version = header(call.req, 'x-acs-version') ||
    (call.params.get('Version') ?? '');
  if (!isKnownAction(call.record.action)) {
    throw unknownAction(call.record.action);
  }
  if (version === API_VERSION) return;
  // UNCONFIRMED: the code for a wrong API version.
  throw new ApiError(
    400,
    'InvalidVersion',
    `Specified parameter Version "${version}" is not valid; ` +
      `expected ${API_VERSION}.`,
  );
}

/**
 * The region an authenticated call counts against: its listener's, else
 * its workspace's, else the one its host name gave, else none.
 */
function regionOf(call: Call): string | null {
  if (call.listener.region) return call.listener.region;
  const projectId = call.params.get('ProjectId') ?? '';
  if (!/^\d{1,19}$/.test(projectId)) return call.record.region;
  const workspace = call.core.store.workspace(BigInt(projectId).toString());
  return workspace?.region ?? call.record.region;
}

/** Names the call for the fault draws: same call, same draw sequence. */
function callKey(call: Call): string {
  const pairs = [...call.params].sort(([a], [b]) => (a < b ? -1 : 1));
  const params = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return `${call.record.accessKeyId}\n${call.record.action}\n${params}`;
}

/** Faults that strike before the call takes effect. */
function preEffectFault(call: Call, decision: FaultDecision): void {
  switch (decision.kind) {
    case 'error500':
      throw internalError();
    case 'error503':
      throw serviceUnavailable();
    case 'reset':
      return resetConnection(call);
    case 'html502':
      return sendHtml502(call);
    default:
      return;
  }
}

function resetConnection(call: Call): void {
  finish(call, 0, null);
  call.req.socket.destroy();
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function sendHtml502(call: Call): void {
  finish(call, 502, null);
  call.res.writeHead(502, {
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(HTML_502),
  });
  call.res.end(HTML_502);
}

/** Send the success answer, or lose it if the fault says so. */
async function answer(
  call: Call,
  decision: FaultDecision,
  data: JsonValue,
): Promise<void> {
  if (decision.kind === 'lose') {
    finish(call, 0, null);
    if (call.core.settings.faults.loseMode === 'reset') {
      call.req.socket.destroy();
      return;
    }
    // 'delay': hold the reply past any sane client timeout.
    await call.core.sleep(call.core.settings.faults.loseDelayMs);
    if (!call.core.isClosed) sendSuccess(call, data, false);
    return;
  }
  sendSuccess(call, data, true);
}

function sendSuccess(call: Call, data: JsonValue, log: boolean): void {
  if (log) finish(call, 200, null);
  const text = toJson({ RequestId: requestId(), Data: data, Success: true });
  sendJsonText(call.res, 200, text);
}

function sendError(call: Call, error: ApiError): void {
  finish(call, error.status, error.code);
  const body = toJson({
    RequestId: requestId(),
    HostId: hostId(call.record.region),
    Code: error.code,
    Message: error.message,
    Recommend: recommendFor(error.code),
  });
  sendJsonText(call.res, error.status, body, error.headers);
}

function requestId(): string {
  return randomUUID().toUpperCase();
}

function hostId(region: string | null): string {
  return region === null
    ? 'dataworks.aliyuncs.com'
    : `dataworks.${region}.aliyuncs.com`;
}

/** Log the outcome once. */
function finish(call: Call, status: number, code: string | null): void {
  const { record, core } = call;
  record.status = status;
  record.code = code;
  core.log.add(record);
  core.logger?.debug('emulator call', { ...record });
}

/** Answer for a body over the size limit (no auth possible without it). */
function tooLarge(): ApiError {
  return invalidRequest('The request body is larger than 1 MiB.');
}
