/**
 * Response headers of a call, including failed ones.
 *
 * The client library throws on an error status without the response
 * headers, so the service's `x-acs-retry-after` hint would be lost. The
 * library sends every request through `doAction` of the Tea runtime it
 * requires; that one function is wrapped (once, at import) to file each
 * answer's headers under a tag the call carries in a request header (and
 * to release each answer's read timer, see read-timer.ts). If a
 * later library version stops going through it, withHeaders() simply
 * returns no headers and backoff falls back to its own delays.
 *
 * AsyncLocalStorage would carry the tag without a header, but on Node 20
 * it turns on promise hooks for the whole process, which cost about a
 * third of the runner's CPU per task.
 */
import { createRequire } from 'node:module';
import { releaseReadTimerAfter } from './read-timer.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The tag's request header. It is not signed (only `host`,
 * `content-type` and `x-acs-*` are) and the wrapper removes it before the
 * request is sent, so the service never sees it.
 */
export const CALL_TAG_HEADER = 'x-dwmigrate-call';

/** Headers of answered calls, by tag, until withHeaders() takes them. */
const answered = new Map<string, Headers>();
let lastTag = 0;

interface TeaRequest {
  headers?: Record<string, string>;
}

interface TeaRuntime {
  doAction: (...args: unknown[]) => Promise<{
    headers?: Headers;
    body?: unknown;
  }>;
  __dwmigrateWrapped?: boolean;
}

function wrapTea(): void {
  // Resolve the runtime the way the client library itself does.
  const fromClient = createRequire(
    createRequire(import.meta.url).resolve('@alicloud/openapi-client'),
  );
  const tea = fromClient('@alicloud/tea-typescript') as TeaRuntime;
  if (tea.__dwmigrateWrapped) return;

  const original = tea.doAction;
  tea.doAction = async (...args: unknown[]) => {
    const tag = takeTag(args[0] as TeaRequest | undefined);
    const response = await original(...args);
    releaseReadTimerAfter(response.body);
    if (tag !== undefined) answered.set(tag, response.headers ?? {});
    return response;
  };
  tea.__dwmigrateWrapped = true;
}

/** Remove the tag header from a request about to be sent; return it. */
function takeTag(request: TeaRequest | undefined): string | undefined {
  const headers = request?.headers;
  const tag = headers?.[CALL_TAG_HEADER];
  if (headers && tag !== undefined) delete headers[CALL_TAG_HEADER];
  return tag;
}

wrapTea();

/**
 * Run a call that passes `tag` as extra request headers to the client
 * library, and collect the headers of its answer (also of a failure).
 */
export async function withHeaders<T>(
  call: (tag: Record<string, string>) => Promise<T>,
): Promise<{ result?: T; error?: unknown; headers: Headers }> {
  const tag = String(++lastTag);
  try {
    const result = await call({ [CALL_TAG_HEADER]: tag });
    return { result, headers: takeHeaders(tag) };
  } catch (error: unknown) {
    return { error, headers: takeHeaders(tag) };
  }
}

function takeHeaders(tag: string): Headers {
  const headers = answered.get(tag) ?? {};
  answered.delete(tag);
  return headers;
}

/** The `x-acs-retry-after` hint in ms, if the response carried one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const raw = headers['x-acs-retry-after'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
