/**
 * ACS3-HMAC-SHA256, the signature V3 scheme, as the API contract describes
 * it: canonical request → string to sign → HMAC-SHA256 with the secret.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only algorithm accepted. */
export const ALGORITHM = 'ACS3-HMAC-SHA256';

/** The parts of an `Authorization` header. */
export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** What the canonical request is built from. */
export interface SignedRequest {
  method: string;
  /** Path only, e.g. '/'. */
  path: string;
  /** Raw query string without '?', as received. */
  query: string;
  /** Lowercased header names; repeated headers already joined. */
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  payloadHash: string;
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Parse `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`. */
export function parseAuthorization(
  header: string,
): ParsedAuthorization | undefined {
  const space = header.indexOf(' ');
  if (space <= 0) return undefined;

  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;

  return {
    algorithm: header.slice(0, space),
    accessKeyId,
    signedHeaders: signedHeaders.split(';').filter((name) => name !== ''),
    signature,
  };
}

/** The headers a signature must cover. */
export function isCanonicalHeader(name: string): boolean {
  if (name === 'host' || name === 'content-type') return true;
  return name.startsWith('x-acs-');
}

/** RFC 3986 percent-encoding with uppercase hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Query string re-encoded canonically: keys sorted, RFC 3986 encoded. */
export function canonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)];
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&');
}

function headerValue(value: string | string[] | undefined): string {
  if (Array.isArray(value)) {
    return value.map((v) => v.trim()).sort().join(',');
  }
  return (value ?? '').trim();
}

/** The canonical request of the contract, step 6. */
export function canonicalRequest(request: SignedRequest): string {
  const names = [...request.signedHeaders].sort();
  const headers = names
    .map((name) => `${name}:${headerValue(request.headers[name])}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    request.path,
    canonicalQuery(request.query),
    headers,
    names.join(';'),
    request.payloadHash,
  ].join('\n');
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export function stringToSign(canonical: string): string {
  return `${ALGORITHM}\n${sha256Hex(canonical)}`;
}

/** Lowercase hex HMAC-SHA256 of the string to sign. */
export function sign(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}

/** Compare two hex signatures in constant time. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}
