/**
 * The DataWorks calls this tool makes, on `@alicloud/openapi-client` with
 * its default signature V3. One library client per endpoint; responses are
 * read as text and parsed losslessly so that long task IDs stay exact.
 */
import OpenApi from '@alicloud/openapi-client';
import Util from '@alicloud/tea-util';
import type Credential from '@alicloud/credentials';
import type { ExportMode, ObjectStatus } from '../manifest/types.js';
import { resolveEndpoint } from './endpoints.js';
import type { Endpoint, EndpointOverrides } from './endpoints.js';
import { ApiError, classify } from './errors.js';
import { longToString, parseLossless } from './lossless-json.js';
import { retryAfterMs, withHeaders } from './response-headers.js';
import { DEFAULT_READ_TIMEOUT_MS } from './timeouts.js';

const API_VERSION = '2020-05-18';
/** The service documents 100 as the maximum; its response model says 50. */
export const LIST_PAGE_SIZE = 50;

/** Parameters of CreateExportMigration, typed. */
export interface CreateExportInput {
  projectId: string;
  name: string;
  exportMode: ExportMode;
  incrementalSince?: number;
  exportObjectStatus?: ObjectStatus;
  description?: string;
}

/** An existing task as ListMigrations describes it. */
export interface MigrationInfo {
  id: string;
  name: string;
  status: string;
  createTime?: number;
}

/** One page of ListMigrations. */
export interface MigrationPage {
  migrations: MigrationInfo[];
  totalCount: number;
  requestId?: string;
}

export interface ClientOptions {
  credential: Credential.default;
  endpoints?: EndpointOverrides;
  /** Connect timeout, ms; raised to the read timeout (see #call). */
  connectTimeoutMs?: number;
  /** Read timeout, ms: how long a call may take before it is ambiguous. */
  readTimeoutMs?: number;
}

type Body = Record<string, unknown>;

/** The two calls the runner needs, per region. */
export interface DataWorksApi {
  endpointOf(region: string): Endpoint;
  createExportMigration(
    region: string,
    input: CreateExportInput,
  ): Promise<{ taskId: string; requestId?: string }>;
  listExportMigrations(
    region: string,
    projectId: string,
    pageNumber: number,
  ): Promise<MigrationPage>;
}

/** DataWorks over the real client library. */
export class DataWorksClient implements DataWorksApi {
  readonly #options: ClientOptions;
  readonly #clients = new Map<string, OpenApi.default>();

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  /** The endpoint a region's calls go to. */
  endpointOf(region: string): Endpoint {
    return resolveEndpoint(region, this.#options.endpoints);
  }

  /** Create an export task; resolves with its exact ID. */
  async createExportMigration(
    region: string,
    input: CreateExportInput,
  ): Promise<{ taskId: string; requestId?: string }> {
    const body = await this.#call(region, 'CreateExportMigration', {
      ProjectId: input.projectId,
      Name: input.name,
      ExportMode: input.exportMode,
      IncrementalSince: input.exportMode === 'INCREMENTAL'
        ? input.incrementalSince
        : undefined,
      ExportObjectStatus: input.exportObjectStatus,
      Description: input.description,
    });
    const taskId = longToString(body.Data);
    if (taskId === null) throw malformed('CreateExportMigration', body);
    return { taskId, requestId: optionalString(body.RequestId) };
  }

  /** One page of a workspace's export tasks. */
  async listExportMigrations(
    region: string,
    projectId: string,
    pageNumber: number,
  ): Promise<MigrationPage> {
    const body = await this.#call(region, 'ListMigrations', {
      ProjectId: projectId,
      MigrationType: 'EXPORT',
      PageNumber: pageNumber,
      PageSize: LIST_PAGE_SIZE,
    });
    const data = body.Data as Body | undefined;
    const items = Array.isArray(data?.Migrations) ? data.Migrations : [];
    return {
      migrations: items.map((item: unknown) => toMigration(item as Body)),
      totalCount: Number(data?.TotalCount ?? items.length),
      requestId: optionalString(body.RequestId),
    };
  }

  async #call(region: string, action: string, params: Body): Promise<Body> {
    const client = this.#clientFor(region);
    const body = definedOnly(params);
    const readTimeout = this.#options.readTimeoutMs ??
      DEFAULT_READ_TIMEOUT_MS;
    // The library passes connectTimeout to http.request as `timeout`, an
    // idle limit on the socket that also runs while the reply is awaited:
    // below readTimeout it would cut slow calls short.
    const runtime = new Util.RuntimeOptions({
      connectTimeout: Math.max(
        this.#options.connectTimeoutMs ?? 5_000,
        readTimeout,
      ),
      readTimeout,
    });
    // The tag lets withHeaders() find this call's answer headers; it is
    // removed before the request is sent.
    const { result, error, headers } = await withHeaders((tag) =>
      client.callApi(
        callParams(action),
        new OpenApi.OpenApiRequest({ body, headers: tag }),
        runtime,
      ),
    );
    if (error !== undefined || result === undefined) {
      throw classify(error, retryAfterMs(headers));
    }
    return parseBody(action, result.body);
  }

  #clientFor(region: string): OpenApi.default {
    const endpoint = this.endpointOf(region);
    const cached = this.#clients.get(endpoint.url);
    if (cached) return cached;

    const client = new OpenApi.default(
      new OpenApi.Config({
        credential: this.#options.credential,
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        regionId: region,
      }),
    );
    this.#clients.set(endpoint.url, client);
    return client;
  }
}

function callParams(action: string): OpenApi.Params {
  return new OpenApi.Params({
    action,
    version: API_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    // Read the body as text: JSON.parse would round long IDs.
    bodyType: 'string',
  });
}

function definedOnly(params: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

function parseBody(action: string, raw: unknown): Body {
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? parseLossless(raw) : raw;
  } catch (error: unknown) {
    throw classify(Object.assign(new SyntaxError(String(error)), {}));
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw malformed(action, parsed);
  }
  return parsed as Body;
}

function toMigration(item: Body): MigrationInfo {
  return {
    id: longToString(item.Id) ?? String(item.Id),
    name: String(item.Name ?? ''),
    status: String(item.Status ?? ''),
    createTime: typeof item.CreateTime === 'number'
      ? item.CreateTime
      : undefined,
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function malformed(action: string, body: unknown): ApiError {
  return new ApiError(
    { kind: 'ambiguous', apiCode: 'MalformedResponse' },
    `${action} answered without the expected data: ` +
      JSON.stringify(body).slice(0, 200),
  );
}
