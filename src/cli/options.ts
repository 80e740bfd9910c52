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

/** Rows of the logging help: flag, then what it does. */
const LOG_ROWS: readonly (readonly [string, string])[] = [
  ['-v, --verbose', 'debug logs on stderr'],
  ['-q, --quiet', 'warnings and errors only'],
  ['    --log-format F', 'text (default) or json'],
  ['    --log-file FILE', 'also write JSON logs to FILE'],
];

/**
 * The logging help with descriptions at `column` (counted from 0), so that
 * it lines up with the options of the command it follows; never closer
 * than two spaces to the longest flag.
 */
export function logHelp(column = 25): string {
  const longest = Math.max(...LOG_ROWS.map(([flag]) => flag.length));
  const width = Math.max(column - 2, longest + 2);
  const rows = LOG_ROWS.map(([flag, text]) =>
    `  ${flag.padEnd(width)}${text}`);
  return ['Logging (all commands):', ...rows].join('\n');
}

export const LOG_HELP = logHelp();

/**
 * Column where the descriptions of a help text's first option rows start,
 * or undefined when it has none.
 */
export function optionColumn(help: string): number | undefined {
  const row = /^( +-\S(?:\S| (?=\S))*)( {2,})\S/m.exec(help);
  return row ? row[1]!.length + row[2]!.length : undefined;
}

/**
 * `--timeout -5`: node's parser takes "-5" for an option and calls the
 * value ambiguous. A negative number is never an option here, so join it
 * to the flag before it (`--timeout=-5`) and let the flag's own check say
 * what was expected.
 */
export function attachNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    const isLongFlag = /^--[^=]+$/.test(arg);
    if (isLongFlag && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/**
 * The one wording of a command-line parse error, whatever the command.
 * Node's own text goes on about positionals and dashes; keep what a user
 * needs: which option, what is wrong, where the help is.
 */
export function parseArgsUsage(error: unknown, command?: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(text)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '');
  const help = command
    ? `; see dwmigrate ${command} --help`
    : '; see dwmigrate --help';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `unknown option ${option}${help}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${option}${help}`;
  }
  if (/argument missing|ambiguous/.test(text)) {
    return `option ${option} expects a value${help}`;
  }
  if (/does not take an argument/.test(text)) {
    return `option ${option} takes no value${help}`;
  }
  return `${text.split(/\.\s/)[0]}${help}`;
}

/** What the number of a flag counts, where it is not obvious. */
const UNITS: Readonly<Record<string, string>> = {
  timeout: 'milliseconds',
  'export-ms': 'milliseconds',
};

function unitOf(flag: string): string {
  const unit = UNITS[flag];
  return unit ? ` (${unit})` : '';
}

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
      `--${flag} expects a whole number ${allowZero ? '>= 0' : '>= 1'}` +
        `${unitOf(flag)}, got "${value}"`,
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
