/** Captured output streams for in-process CLI tests. */
import { PassThrough } from 'node:stream';

/** What a command printed, and its exit code. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stdout and stderr pair, and a way to read what was written. */
export function captureStreams(): {
  stdout: PassThrough;
  stderr: PassThrough;
  result: (code: number) => Captured;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  return {
    stdout,
    stderr,
    result: (code) => ({ code, stdout: out(), stderr: err() }),
  };
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}
