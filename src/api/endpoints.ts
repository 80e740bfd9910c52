/**
 * Where each region's calls go. The SDK's own table sends unknown regions to
 * a wrong host, so the endpoint is resolved here and can be overridden.
 */
import { UsageError } from '../errors.js';

/** Regions that the SDK sends to the central endpoint. */
const CENTRAL_REGIONS = new Set([
  'cn-huhehaote',
  'cn-qingdao',
  'cn-zhangjiakou',
]);

/** A resolved endpoint: what the client library's Config needs. */
export interface Endpoint {
  /** Full URL, for logs and reports. */
  url: string;
  /** host[:port], no scheme: the client library's `endpoint`. */
  host: string;
  protocol: 'http' | 'https';
}

/** User overrides: one URL for every region and/or one per region. */
export interface EndpointOverrides {
  all?: string;
  byRegion?: Record<string, string>;
}

/** Parse `http://host:port` or `https://host` into an Endpoint. */
export function parseEndpoint(text: string): Endpoint {
  if (!/^[a-z]+:\/\//i.test(text)) {
    throw new UsageError(
      `invalid endpoint "${text}": give the scheme too, e.g. ` +
        `http://127.0.0.1:8080 or https://${text}`,
      'USAGE_ENDPOINT',
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `invalid endpoint "${text}": expected a URL such as ` +
        'http://127.0.0.1:8080 or dataworks.cn-hangzhou.aliyuncs.com',
      'USAGE_ENDPOINT',
    );
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `invalid endpoint "${text}": only http and https are supported`,
      'USAGE_ENDPOINT',
    );
  }
  return { url: `${protocol}://${url.host}`, host: url.host, protocol };
}

/** The public endpoint of a region, as the service documents it. */
export function publicEndpoint(region: string): Endpoint {
  const isFinance = /-finance-|-gov-/.test(region);
  const host = CENTRAL_REGIONS.has(region) || isFinance
    ? 'dataworks.aliyuncs.com'
    : `dataworks.${region}.aliyuncs.com`;
  return { url: `https://${host}`, host, protocol: 'https' };
}

/** Resolve a region's endpoint: per-region override, global, public. */
export function resolveEndpoint(
  region: string,
  overrides: EndpointOverrides = {},
): Endpoint {
  const own = overrides.byRegion?.[region];
  if (own) return parseEndpoint(own);
  if (overrides.all) return parseEndpoint(overrides.all);
  return publicEndpoint(region);
}

/** Parse repeated `--endpoint` values: `URL` or `REGION=URL`. */
export function parseEndpointFlags(values: string[]): EndpointOverrides {
  const overrides: EndpointOverrides = {};
  for (const value of values) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(value);
    if (match && !match[1]!.includes('.')) {
      overrides.byRegion ??= {};
      overrides.byRegion[match[1]!] = match[2]!;
      parseEndpoint(match[2]!);
      continue;
    }
    parseEndpoint(value);
    if (overrides.all !== undefined) {
      throw new UsageError(
        `--endpoint given twice for every region ("${overrides.all}" and ` +
          `"${value}"); use REGION=URL for one region`,
        'USAGE_ENDPOINT',
      );
    }
    overrides.all = value;
  }
  return overrides;
}
