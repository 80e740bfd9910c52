/**
 * What a failed call means for the caller. The client library throws
 * loosely shaped errors; classify() turns each into an ApiError whose
 * `kind` decides retry, lookup, abort or give up.
 */
import { DwError, EXIT } from '../errors.js';

/**
 * - throttled: rejected before taking effect; wait and retry.
 * - quota: a daily or edition quota; retrying today will not help.
 * - auth: key unknown, disabled, signature or clock wrong; the whole run
 *   is pointless.
 * - permission: this key may not use this workspace.
 * - invalid: the request is wrong; the same request fails again.
 * - unreachable: nothing was sent (connection refused, DNS); safe to retry.
 * - ambiguous: the call may have taken effect (timeout, reset after
 *   sending, 5xx, a non-JSON page); look before creating again.
 */
export type ApiErrorKind =
  | 'throttled'
  | 'quota'
  | 'auth'
  | 'permission'
  | 'invalid'
  | 'unreachable'
  | 'ambiguous';

export interface ApiErrorInfo {
  kind: ApiErrorKind;
  /** Service code (`Throttling.User`) or a network code (`ECONNRESET`). */
  apiCode: string;
  httpStatus?: number;
  requestId?: string;
  /** From an `x-acs-retry-after` hint, in milliseconds. */
  retryAfterMs?: number;
}

/** A failed DataWorks call, classified. */
export class ApiError extends DwError {
  readonly kind: ApiErrorKind;
  readonly apiCode: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(info: ApiErrorInfo, message: string, cause?: unknown) {
    const exit = info.kind === 'auth' ? EXIT.aborted : EXIT.someFailed;
    super(`API_${info.kind.toUpperCase()}`, message, exit, { cause });
    this.kind = info.kind;
    this.apiCode = info.apiCode;
    this.httpStatus = info.httpStatus;
    this.requestId = info.requestId;
    this.retryAfterMs = info.retryAfterMs;
  }
}

const THROTTLE_CODES = new Set([
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'Throttling.System',
]);
const QUOTA_CODES = new Set(['Throttling.Api.Risk', 'Throttling.Resource']);
const AUTH_CODES = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidAccessKeyId',
  'InvalidTimeStamp.Expired',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey',
  'InvalidCredentials',
]);
const PERMISSION_CODES = new Set([
  'Forbidden.Access',
  'Forbidden.RAM',
  'ResourceNotAuthorized.Api',
  'Forbidden',
]);
/** Errors raised before anything was written to the socket. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Kind of a service error code with its HTTP status. */
export function kindOfServiceCode(
  code: string,
  status: number | undefined,
): ApiErrorKind {
  if (THROTTLE_CODES.has(code)) return 'throttled';
  if (QUOTA_CODES.has(code)) return 'quota';
  if (AUTH_CODES.has(code)) return 'auth';
  if (PERMISSION_CODES.has(code)) return 'permission';
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'ambiguous';
  if (code === 'SignatureNonceUsed') return 'ambiguous';
  return 'invalid';
}

/** A rejected-credential code: what it means, then the next step. */
interface AuthMessage {
  meaning: string;
  hint: string;
}

const CHECK_ID = 'check ALIBABA_CLOUD_ACCESS_KEY_ID or the profile in use';
const CHECK_SECRET =
  'check ALIBABA_CLOUD_ACCESS_KEY_SECRET or the profile in use';
const CHECK_TOKEN = 'check ALIBABA_CLOUD_SECURITY_TOKEN';

/**
 * Codes whose service text is left out: it names the code again and, for
 * a bad signature, dumps the server's string to sign, which helps no user.
 */
const AUTH_MESSAGES: Readonly<Record<string, AuthMessage>> = {
  SignatureDoesNotMatch: {
    meaning: 'the access key secret does not match the key ID',
    hint: CHECK_SECRET,
  },
  IncompleteSignature: {
    meaning: 'the request signature is incomplete',
    hint: 'a proxy that rewrites requests can cause this',
  },
  'InvalidAccessKeyId.NotFound': {
    meaning: 'the access key ID is unknown to this endpoint',
    hint: `${CHECK_ID}, and --endpoint`,
  },
  InvalidAccessKeyId: {
    meaning: 'the access key ID is not valid',
    hint: CHECK_ID,
  },
  'InvalidAccessKeyId.Inactive': {
    meaning: 'the access key is disabled',
    hint: 'enable it in the RAM console or use another key',
  },
  'InvalidTimeStamp.Expired': {
    meaning: 'the request time is too far from the server\'s',
    hint: 'check this machine\'s clock',
  },
  'InvalidSecurityToken.Expired': {
    meaning: 'the STS security token has expired',
    hint: `get a new one; ${CHECK_TOKEN}`,
  },
  'InvalidSecurityToken.Malformed': {
    meaning: 'the STS security token is malformed',
    hint: CHECK_TOKEN,
  },
  'InvalidSecurityToken.MismatchWithAccessKey': {
    meaning: 'the STS security token is not for this access key',
    hint: 'take key ID, secret and token from the same AssumeRole answer',
  },
  InvalidCredentials: {
    meaning: 'the credentials were rejected',
    hint: `${CHECK_ID} and its secret`,
  },
};

/**
 * The one wording of a service error, in order: known credential codes get
 * a short meaning and a next step without the code (callers show the code
 * beside the message); anything else keeps the service's text, cut before
 * a signature's string to sign.
 */
export function serviceMessage(
  code: string,
  status: number,
  text: string,
): string {
  const known = AUTH_MESSAGES[code];
  if (known !== undefined) {
    return `${known.meaning} (HTTP ${status}); ${known.hint}`;
  }

  const plain = text.replace(/\s*Server string to sign is:[\s\S]*$/, '');
  return `${code} (HTTP ${status}): ${plain}`.trim();
}

interface LooseError {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  data?: unknown;
}

function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string, unknown>)[key];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function fromServiceError(
  error: LooseError,
  hintMs: number | undefined,
): ApiError | undefined {
  const data = error.data;
  const status = num(field(data, 'statusCode')) ?? num(error.statusCode);
  const code = str(field(data, 'Code')) ?? str(error.code);
  if (status === undefined || code === undefined) return undefined;

  const requestId = str(field(data, 'RequestId'));
  const text = str(field(data, 'Message')) ?? '';
  const retryAfterMs = hintMs ?? num(field(data, 'RetryAfter'));
  const kind = kindOfServiceCode(code, status);
  return new ApiError(
    { kind, apiCode: code, httpStatus: status, requestId, retryAfterMs },
    serviceMessage(code, status, text),
    error,
  );
}

function fromNetworkError(error: LooseError): ApiError {
  const code = str(error.code) ?? str(error.name) ?? 'UnknownError';
  // The library glues its own "POST url failed." onto the socket message.
  const message = (str(error.message) ?? code)
    .replace(/(\S)(POST|GET) (https?:\/\/)/, '$1; $2 $3');
  if (error.name === 'SyntaxError') {
    return new ApiError(
      { kind: 'ambiguous', apiCode: 'MalformedResponse' },
      'the endpoint answered with a page that is not JSON ' +
        '(a proxy or gateway error page?)',
      error,
    );
  }
  const kind: ApiErrorKind = NOT_SENT_CODES.has(code)
    ? 'unreachable'
    : 'ambiguous';
  return new ApiError({ kind, apiCode: code }, message, error);
}

/**
 * Classify anything the client library threw; `retryAfterMs` is the
 * service's `x-acs-retry-after` header, when the response had one.
 */
export function classify(error: unknown, retryAfterMs?: number): ApiError {
  if (error instanceof ApiError) return error;
  const loose: LooseError =
    error !== null && typeof error === 'object' ? error : { message: error };
  return fromServiceError(loose, retryAfterMs) ?? fromNetworkError(loose);
}
