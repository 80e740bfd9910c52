/**
 * Test helpers: the real @alicloud/openapi-client pointed at an emulator,
 * an independent ACS3 signer for hand-crafted requests, and admin reads.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { parse as parseLossless } from 'lossless-json';
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  type MigrationView,
  type RequestRecord,
} from '../../src/emulator/server.js';

/** Credentials for a client. */
export interface Key {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export const DEMO_KEY: Key = {
  accessKeyId: DEMO_ACCESS_KEY_ID,
  accessKeySecret: DEMO_ACCESS_KEY_SECRET,
};

/** What a call through the real client produced. */
export type ClientResult =
  | { ok: true; status: number; text: string; data: unknown }
  | { ok: false; status?: number; code?: string; error: unknown };

/** Parse JSON with every integer as a bigint (exact IDs). */
export function parseExact(text: string): unknown {
  return parseLossless(text, undefined, (value) =>
    /^-?\d+$/.test(value) ? BigInt(value) : Number(value),
  );
}

/** A function that calls one action through @alicloud/openapi-client. */
export function clientFor(
  url: string,
  key: Key = DEMO_KEY,
  runtime: { readTimeout?: number } = {},
): (action: string, body: Record<string, string>) => Promise<ClientResult> {
  const client = new OpenApi.default(
    new $OpenApi.Config({
      ...key,
      endpoint: new URL(url).host,
      protocol: 'http',
    }),
  );
  return async (action, body) => {
    const params = new $OpenApi.Params({
      action,
      version: '2020-05-18',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'string',
    });
    try {
      const response = await client.callApi(
        params,
        new $OpenApi.OpenApiRequest({ body }),
        new $Util.RuntimeOptions(runtime),
      );
      const text = String(response['body']);
      const parsed = parseExact(text) as { Data: unknown };
      return {
        ok: true,
        status: Number(response['statusCode']),
        text,
        data: parsed.Data,
      };
    } catch (error: unknown) {
      const e = error as { code?: string; data?: { statusCode?: number } };
      return { ok: false, code: e.code, status: e.data?.statusCode, error };
    }
  };
}

/** Options of a hand-signed request. */
export interface RawOptions {
  key?: Key;
  action?: string;
  body?: string;
  date?: string;
  nonce?: string;
  /** Replace x-acs-content-sha256 after hashing. */
  payloadHash?: string;
  /** Sign with this secret instead of the key's. */
  signWith?: string;
  /** Drop the Authorization header. */
  unsigned?: boolean;
  extraHeaders?: Record<string, string>;
  /** Headers added after signing, so the signature does not cover them. */
  unsignedHeaders?: Record<string, string>;
}

/** A raw HTTP answer. */
export interface RawResult {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Sign a request by the contract (independent of the emulator's code). */
export async function rawCall(
  url: string,
  options: RawOptions = {},
): Promise<RawResult> {
  const key = options.key ?? DEMO_KEY;
  const body = options.body ?? '';
  const host = new URL(url).host;
  const headers: Record<string, string> = {
    host,
    'content-type': 'application/x-www-form-urlencoded',
    'x-acs-action': options.action ?? 'ListMigrations',
    'x-acs-version': '2020-05-18',
    'x-acs-date': options.date ?? isoSeconds(new Date()),
    'x-acs-signature-nonce': options.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256':
      options.payloadHash ??
      createHash('sha256').update(body).digest('hex'),
    ...options.extraHeaders,
  };
  if (!options.unsigned) {
    headers['authorization'] = authorization(
      headers,
      key.accessKeyId,
      options.signWith ?? key.accessKeySecret,
    );
  }
  return send(url, { ...headers, ...options.unsignedHeaders }, body);
}

/** `YYYY-MM-DDTHH:mm:ssZ`. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function authorization(
  headers: Record<string, string>,
  accessKeyId: string,
  secret: string,
): string {
  const names = Object.keys(headers).sort();
  const canonical =
    'POST\n/\n\n' +
    names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('') +
    `\n${names.join(';')}\n${headers['x-acs-content-sha256']}`;
  const hashed = createHash('sha256').update(canonical).digest('hex');
  const signature = createHmac('sha256', secret)
    .update(`ACS3-HMAC-SHA256\n${hashed}`)
    .digest('hex');
  return `ACS3-HMAC-SHA256 Credential=${accessKeyId},` +
    `SignedHeaders=${names.join(';')},Signature=${signature}`;
}

function send(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Error code of a raw JSON error answer. */
export function codeOf(result: RawResult): string {
  return (JSON.parse(result.text) as { Code: string }).Code;
}

/** GET an admin endpoint as JSON. */
export async function adminGet<T>(url: string, path: string): Promise<T> {
  const response = await fetch(`${url}/__emulator/${path}`);
  return (await response.json()) as T;
}

/** POST JSON to an admin endpoint. */
export async function adminPost(
  url: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${url}/__emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Every task the emulator holds. */
export function tasksOf(url: string): Promise<MigrationView[]> {
  return adminGet<MigrationView[]>(url, 'migrations');
}

/** Every call the emulator logged. */
export function requestsOf(url: string): Promise<RequestRecord[]> {
  return adminGet<RequestRecord[]>(url, 'requests');
}

/** Form body of a CreateExportMigration call. */
export function createBody(
  projectId: string,
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ProjectId: projectId, Name: name, ExportMode: 'FULL', ...extra };
}

/** Create one FULL export task through a client. */
export function createTask(
  call: ReturnType<typeof clientFor>,
  projectId: string,
  name: string,
  extra: Record<string, string> = {},
): Promise<ClientResult> {
  return call('CreateExportMigration', createBody(projectId, name, extra));
}
