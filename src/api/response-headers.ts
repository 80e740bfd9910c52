/**
 * Response headers of the current call, including failed ones.
 *
 * The client library throws on an error status without the response
 * headers, so the service's `x-acs-retry-after` hint would be lost. The
 * library sends every request through `doAction` of the Tea runtime it
 * requires; that one function is wrapped (once, at import) to note the
 * headers in the calling context. If a later library version stops going
 * through it, headers() simply returns nothing and backoff falls back to
 * its own delays.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

type Headers = Record<string, string | string[] | undefined>;

interface Slot {
  headers?: Headers;
}

const storage = new AsyncLocalStorage<Slot>();

interface TeaRuntime {
  doAction: (...args: unknown[]) => Promise<{ headers?: Headers }>;
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
    const response = await original(...args);
    const slot = storage.getStore();
    if (slot) slot.headers = response.headers;
    return response;
  };
  tea.__dwmigrateWrapped = true;
}

wrapTea();

/** Run a call in a context that records its response headers. */
export async function withHeaders<T>(
  call: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; headers: Headers }> {
  const slot: Slot = {};
  try {
    const result = await storage.run(slot, call);
    return { result, headers: slot.headers ?? {} };
  } catch (error: unknown) {
    return { error, headers: slot.headers ?? {} };
  }
}

/** The `x-acs-retry-after` hint in ms, if the response carried one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const raw = headers['x-acs-retry-after'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
