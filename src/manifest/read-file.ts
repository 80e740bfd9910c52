/**
 * Reading one manifest: bytes, their SHA-256 (the audit trail and the cache
 * key), and the text, strictly decoded as UTF-8.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { diagnostic } from './diagnostics.js';
import type { Diagnostic } from './types.js';

/** A file read and decoded, or the problem that stopped it. */
export type ReadOutcome =
  | { ok: true; sha256: string; text: string }
  | { ok: false; sha256?: string; problem: Diagnostic };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The `code` of a Node.js system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Read `absolute`; problems are reported against `display`. Synchronous on
 * purpose: manifests are small, and for 1,000 files the promise and thread
 * pool round trips of async reads cost more than the reads themselves.
 */
export function readManifestFile(
  absolute: string,
  display: string,
): ReadOutcome {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error: unknown) {
    const code = errorCode(error);
    const message = code === 'ENOENT'
      ? 'the file disappeared while being read'
      : `cannot read this file (${code ?? 'unknown error'})`;
    return {
      ok: false,
      problem: diagnostic('FILE_UNREADABLE', display, undefined, message, {
        hint: code === 'EACCES' ? 'check its permissions' : undefined,
      }),
    };
  }

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = decode(bytes);
  if (text === undefined) {
    return { ok: false, sha256, problem: notUtf8(display, bytes) };
  }
  return { ok: true, sha256, text };
}

/** UTF-8 text without its byte-order mark, or undefined if not UTF-8. */
export function decode(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // A TypeError from the decoder means only "not UTF-8"; nothing to keep.
    return undefined;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function notUtf8(display: string, bytes: Uint8Array): Diagnostic {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  return diagnostic('NOT_UTF8', display, undefined,
    utf16 ? 'the file is UTF-16 text; manifests must be UTF-8'
      : 'the file is not valid UTF-8 text', {
      hint: 'save it as UTF-8 (a byte-order mark is fine)',
    });
}
