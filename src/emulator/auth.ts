/**
 * Authentication of a signed call: Authorization header, AccessKey, payload
 * hash, signature, STS token, date and nonce, in that order.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Account, AccountRegistry } from './accounts.js';
import { ApiError } from './errors.js';
import type { NonceStore } from './nonce.js';
import {
  ALGORITHM,
  canonicalRequest,
  isCanonicalHeader,
  parseAuthorization,
  sha256Hex,
  sign,
  signaturesMatch,
  stringToSign,
  type ParsedAuthorization,
} from './signature.js';

/** Largest accepted difference between x-acs-date and the clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** Headers every signature must cover. */
const REQUIRED_SIGNED = [
  'host',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
];

/** A received call, as authentication needs it. */
export interface AuthInput {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  now: number;
}

/** What authentication checks against. */
export interface AuthContext {
  accounts: AccountRegistry;
  nonces: NonceStore;
}

/** The account of a correctly signed call, or an ApiError. */
export function authenticate(input: AuthInput, context: AuthContext): Account {
  const auth = readAuthorization(input.headers);
  checkSignedHeaders(auth, input.headers);

  const account = context.accounts.get(auth.accessKeyId);
  if (!account) {
    throw new ApiError(
      404,
      'InvalidAccessKeyId.NotFound',
      'Specified access key is not found.',
    );
  }
  if (account.disabled) {
    throw new ApiError(
      400,
      'InvalidAccessKeyId.Inactive',
      'Specified access key is disabled.',
    );
  }

  checkPayloadHash(input);
  checkSignature(auth, account, input);
  checkSecurityToken(account, input.headers);
  checkDate(input.headers, input.now);
  checkNonce(auth.accessKeyId, input, context.nonces);
  return account;
}

function incomplete(detail: string): ApiError {
  return new ApiError(
    400,
    'IncompleteSignature',
    `The request signature does not conform to Aliyun standards: ${detail}`,
  );
}

function single(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function readAuthorization(headers: IncomingHttpHeaders): ParsedAuthorization {
  const header = single(headers, 'authorization');
  if (header === '') throw incomplete('no Authorization header.');

  const auth = parseAuthorization(header);
  if (!auth) {
    throw incomplete(
      'expected "ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,' +
        'Signature=..".',
    );
  }
  if (auth.algorithm !== ALGORITHM) {
    throw incomplete(`unsupported algorithm "${auth.algorithm}".`);
  }
  return auth;
}

/** Every required header and every host/content-type/x-acs-* is signed. */
function checkSignedHeaders(
  auth: ParsedAuthorization,
  headers: IncomingHttpHeaders,
): void {
  const signed = new Set(auth.signedHeaders);
  for (const name of REQUIRED_SIGNED) {
    if (headers[name] === undefined) throw incomplete(`no ${name} header.`);
  }
  for (const name of Object.keys(headers)) {
    if (isCanonicalHeader(name) && !signed.has(name)) {
      throw incomplete(`header ${name} is not in SignedHeaders.`);
    }
  }
  for (const name of signed) {
    if (headers[name] === undefined) {
      throw incomplete(`signed header ${name} is missing.`);
    }
  }
}

function checkPayloadHash(input: AuthInput): void {
  const declared = single(input.headers, 'x-acs-content-sha256');
  if (declared.toLowerCase() === sha256Hex(input.body)) return;

  throw new ApiError(
    400,
    'SignatureDoesNotMatch',
    'The x-acs-content-sha256 header does not match the SHA-256 of the ' +
      'request body.',
  );
}

function checkSignature(
  auth: ParsedAuthorization,
  account: Account,
  input: AuthInput,
): void {
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path,
    query: input.query,
    headers: input.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash: single(input.headers, 'x-acs-content-sha256'),
  });
  const toSign = stringToSign(canonical);
  const expected = sign(account.accessKeySecret, toSign);
  if (signaturesMatch(expected, auth.signature)) return;

  throw new ApiError(
    400,
    'SignatureDoesNotMatch',
    'Specified signature does not match our calculation. Server string ' +
      `to sign is: ${JSON.stringify(toSign)}`,
  );
}

function checkSecurityToken(
  account: Account,
  headers: IncomingHttpHeaders,
): void {
  const token = headers['x-acs-security-token'];
  if (account.securityToken === undefined && token === undefined) return;
  if (token === account.securityToken) return;

  // UNCONFIRMED: the contract names no code for a bad STS token.
  throw new ApiError(
    400,
    'InvalidSecurityToken.MismatchWithAccessKey',
    'The security token is missing or does not belong to this AccessKey.',
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function checkDate(headers: IncomingHttpHeaders, now: number): void {
  const text = single(headers, 'x-acs-date');
  const time = DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    // UNCONFIRMED: code for a malformed date.
    throw new ApiError(
      400,
      'InvalidTimeStamp.Format',
      `Specified x-acs-date "${text}" is not in YYYY-MM-DDTHH:mm:ssZ form.`,
    );
  }
  if (Math.abs(now - time) <= MAX_SKEW_MS) return;

  throw new ApiError(
    400,
    'InvalidTimeStamp.Expired',
    `Specified time stamp or date value is expired: ${text} is more than ` +
      '15 minutes away from the server time ' +
      `${new Date(now).toISOString().slice(0, 19)}Z.`,
  );
}

function checkNonce(
  accessKeyId: string,
  input: AuthInput,
  nonces: NonceStore,
): void {
  const nonce = single(input.headers, 'x-acs-signature-nonce');
  if (nonces.use(accessKeyId, nonce, input.now)) return;

  throw new ApiError(
    400,
    'SignatureNonceUsed',
    'Specified signature nonce was used already.',
  );
}
