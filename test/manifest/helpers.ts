/** Shared helpers of the manifest tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import winston from 'winston';
import type { CommandContext } from '../../src/cli/context.js';

/** The repository root, from dist/test/manifest/ where tests run. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The manifest fixtures, read from the source tree. */
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'manifests');

/** A fixed "now" for fixtures: 2026-06-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 5, 1);

/** Run `work` with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dwm-manifest-test-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Write files (name → text or bytes) into `dir`. */
export async function writeFiles(
  dir: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content);
  }
}

/** A command context with captured streams, for in-process CLI runs. */
export interface FakeContext {
  ctx: CommandContext;
  stdout: () => string;
  stderr: () => string;
}

/** A context whose stdout, stderr and log output are captured. */
export function fakeContext(argv: string[], cwd = REPO_ROOT): FakeContext {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const logger = winston.createLogger({
    level: 'debug',
    transports: [new winston.transports.Stream({ stream: stderr })],
  });
  const signal = new AbortController().signal;
  return {
    ctx: {
      argv,
      env: {},
      cwd,
      stdout,
      stderr,
      logger,
      signal,
      hardSignal: signal,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
