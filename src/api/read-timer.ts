/**
 * Release the read timer of an answered call once its body is read.
 *
 * httpx, under the client library, arms a read-timeout timer on the socket
 * of every request and clears it only in its own `read()`. The client
 * library reads bodies with tea-util instead, so each answered request
 * stays reachable from its pending timer until the read timeout passes
 * (10 s by default): at a thousand calls per second, ten thousand finished
 * requests with their sockets' buffers, hundreds of MB. Clearing the timer
 * when the body has ended keeps the timeout for the whole read and lets
 * the request go at once.
 */

/** The description of httpx's (unregistered) timer symbol. */
const TIMER_SYMBOL = 'TIMER::READ_TIMER';

type Socket = Record<symbol, unknown>;

interface Body {
  socket?: Socket | null;
  once?: (event: string, listener: () => void) => unknown;
}

/**
 * Clear, when `body` (an http.IncomingMessage) ends or closes, the read
 * timer httpx armed for it. Does nothing if httpx no longer keeps one.
 */
export function releaseReadTimerAfter(body: unknown): void {
  const message = body as Body | null | undefined;
  const socket = message?.socket;
  if (!socket || typeof message.once !== 'function') return;

  const key = Object.getOwnPropertySymbols(socket)
    .find((s) => s.description === TIMER_SYMBOL);
  const timer = key === undefined ? undefined : socket[key];
  if (key === undefined || timer == null) return;

  // A keep-alive socket is reused only after this body ended, so the
  // timer on it now is this request's; a later request's is left alone.
  const release = (): void => {
    clearTimeout(timer as NodeJS.Timeout);
    if (socket[key] === timer) socket[key] = null;
  };
  message.once('end', release);
  message.once('close', release);
}
