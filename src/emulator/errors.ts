/**
 * The errors the emulated service answers with, by code and HTTP status.
 *
 * Codes and statuses follow the table in the API contract. Codes the contract
 * does not name are marked UNCONFIRMED here and in docs/emulator.md.
 */

/** A service error: sent as `{RequestId, HostId, Code, Message, Recommend}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra response headers, e.g. x-acs-retry-after. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** 400 MissingParameter-style error for one parameter: `Missing<Name>`. */
export function missingParameter(name: string): ApiError {
  return new ApiError(
    400,
    `Missing${name}`,
    `${name} is mandatory for this action.`,
  );
}

/** 400 InvalidParameter naming the parameter, the value and what is allowed. */
export function invalidParameter(
  name: string,
  value: string,
  expected: string,
): ApiError {
  return new ApiError(
    400,
    'InvalidParameter',
    `The specified parameter ${name} "${value}" is not valid: ` +
      `expected ${expected}.`,
  );
}

/** 400 InvalidParameter with a free message. */
export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'InvalidParameter', message);
}

/** 400 Invalid.Tenant.ProjectNotExists. */
export function projectNotExists(projectId: string): ApiError {
  return new ApiError(
    400,
    'Invalid.Tenant.ProjectNotExists',
    `The workspace ${projectId} does not exist in this region.`,
  );
}

/** 403 Forbidden.Access. */
export function forbidden(accessKeyId: string, projectId: string): ApiError {
  return new ApiError(
    403,
    'Forbidden.Access',
    `The AccessKey ${accessKeyId} has no permission on workspace ` +
      `${projectId}.`,
  );
}

/** 404 InvalidAction.NotFound. */
export function unknownAction(action: string): ApiError {
  return new ApiError(
    404,
    'InvalidAction.NotFound',
    `Specified api "${action}" is not found, please check your url ` +
      'and method.',
  );
}

/** 429 Throttling.User, with a hint of when a slot frees up. */
export function throttled(retryAfterMs: number): ApiError {
  return new ApiError(
    429,
    'Throttling.User',
    'Request was denied due to user flow control.',
    { 'x-acs-retry-after': String(retryAfterMs) },
  );
}

/** 500 InternalError.System. */
export function internalError(): ApiError {
  return new ApiError(
    500,
    'InternalError.System',
    'An internal error occurred; try again later.',
  );
}

/** 503 ServiceUnavailable. */
export function serviceUnavailable(): ApiError {
  return new ApiError(
    503,
    'ServiceUnavailable',
    'The request has failed due to a temporary failure of the server.',
  );
}

/** The `Recommend` field: a troubleshooting link, as the service sends. */
export function recommendFor(code: string): string {
  return 'https://api.aliyun.com/troubleshoot?q=' +
    `${encodeURIComponent(code)}&product=dataworks-public`;
}
