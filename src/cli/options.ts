/**
 * Flags every command shares (logging), and small parsers that turn flag
 * text into checked values with a usage error that names the flag.
 */
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

/** Logging flags, accepted by every command. */
export const LOG_OPTIONS = {
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  'log-format': { type: 'string' },
  'log-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const LOG_HELP = `Logging (all commands):
  -v, --verbose          debug logs on stderr
  -q, --quiet            warnings and errors only
      --log-format F     text (default) or json
      --log-file FILE    also write JSON logs to FILE`;

/** A positive integer flag. */
export function positiveInt(
  flag: string,
  value: string | undefined,
  fallback: number,
  { allowZero = false } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(
      `--${flag} expects a whole number ${allowZero ? '>= 0' : '>= 1'}, ` +
        `got "${value}"`,
    );
  }
  return n;
}

/** A positive number flag (rates). */
export function positiveNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${flag} expects a number > 0, got "${value}"`);
  }
  return n;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `--${flag} expects one of ${allowed.join(', ')}, got "${value}"`,
  );
}
