/**
 * Small HTTP helpers: body reading, replies, loopback check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest accepted request body; the real calls are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Read the whole body (chunked or not); undefined when too large. */
export async function readBody(
  req: IncomingMessage,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Send a finished JSON text. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Send a value as JSON (admin endpoints; no bigint here). */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
): void {
  sendJsonText(res, status, JSON.stringify(value));
}

/** Whether a peer address is on the loopback interface. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.');
}
