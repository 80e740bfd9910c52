/**
 * The CLI below the entry point: picks the command, builds the logger, and
 * turns every thrown error into a message and an exit code, in one place.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { createLogger } from '../log.js';
import type { LogFormat } from '../log.js';
import { DwError, EXIT, UsageError, messageOf } from '../errors.js';
import { VERSION } from '../version.js';
import type { Command, CommandContext, StopNotices } from './context.js';
import {
  LOG_HELP,
  LOG_OPTIONS,
  attachNegativeValues,
  logHelp,
  optionColumn,
  oneOf,
  parseArgsUsage,
} from './options.js';
import { COMMANDS } from './commands/index.js';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  signal?: AbortSignal;
  hardSignal?: AbortSignal;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `dwmigrate ${VERSION}: DataWorks export tasks from YAML manifests

Usage: dwmigrate [logging options] <command> [options]

Commands:
${lines.join('\n')}

Run "dwmigrate <command> --help" for a command's options and examples.

${LOG_HELP}

Exit codes: 0 ok, 1 some tasks failed, 2 invalid manifests or usage,
3 run aborted, 10 plan --detailed-exitcode: changes pending,
70 internal error, 130 interrupted.
`;
}

function loggerFor(io: CliIo, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: LOG_OPTIONS,
    strict: false,
    allowPositionals: true,
  });
  const format = oneOf<LogFormat>(
    'log-format',
    values['log-format'] as string | undefined,
    ['text', 'json'],
    'text',
  );
  const level = values.verbose ? 'debug' : values.quiet ? 'warn' : 'info';
  const file = values['log-file'];
  return createLogger({
    stream: io.stderr,
    level,
    format,
    file: typeof file === 'string' ? file : undefined,
  });
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  throw new UsageError(
    `unknown command "${name}"; commands: ` +
      COMMANDS.map((c) => c.name).join(', '),
  );
}

/** What apply and plan say on a signal: calls in flight are the concern. */
const RUN_STOP_NOTICES: StopNotices = {
  stopping: 'stopping: no new calls; calls in flight finish. ' +
    'Press Ctrl-C again to stop at once.',
  stoppedAtOnce: 'stopped at once; calls in flight are in the journal ' +
    'and the next run reconciles them',
};

/** The signal wording of the command that argv runs. */
export function stopNotices(argv: string[]): StopNotices {
  const { lead, after } = leadingLogFlags(argv);
  const [name, ...tail] = after;
  const command = COMMANDS.find((c) => c.name === name);
  return command?.stopNotices?.([...lead, ...tail]) ?? RUN_STOP_NOTICES;
}

/** Run the CLI; resolves with the exit code. Never throws. */
export async function run(io: CliIo): Promise<number> {
  const { lead, after } = leadingLogFlags(io.argv);
  const [name, ...tail] = after;
  const rest = [...lead, ...tail];
  if (name === undefined || name === '--help' || name === '-h' ||
    name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  try {
    return await runCommand(io, name, rest);
  } catch (error: unknown) {
    return reportError(io.stderr, error);
  }
}

async function runCommand(
  io: CliIo,
  name: string,
  argv: string[],
): Promise<number> {
  const command = findCommand(name);
  if (argv.includes('--help') || argv.includes('-h')) {
    const help = command.help.trimEnd();
    io.stdout.write(`${help}\n\n${logHelp(optionColumn(help))}\n`);
    return EXIT.ok;
  }
  const logger = loggerFor(io, argv);
  const ctx: CommandContext = {
    argv: attachNegativeValues(withoutLogFlags(argv)),
    env: io.env,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    logger,
    signal: io.signal ?? new AbortController().signal,
    hardSignal: io.hardSignal ?? new AbortController().signal,
  };
  try {
    return await command.run(ctx);
  } catch (error: unknown) {
    if (!isParseArgsError(error)) throw error;
    throw new UsageError(parseArgsUsage(error, name));
  } finally {
    await closeLogger(logger);
  }
}

const LOG_FLAGS = new Set(['-v', '--verbose', '-q', '--quiet']);
const LOG_VALUE_FLAGS = new Set(['--log-format', '--log-file']);

/**
 * Logging flags given before the command (`dwmigrate -v apply`): split
 * them off so that the command name is found and they still apply.
 */
function leadingLogFlags(argv: string[]): { lead: string[]; after: string[] } {
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (LOG_FLAGS.has(arg)) {
      i++;
    } else if (LOG_VALUE_FLAGS.has(arg.split('=')[0]!)) {
      i += arg.includes('=') ? 1 : 2;
    } else {
      break;
    }
  }
  return { lead: argv.slice(0, i), after: argv.slice(i) };
}

/** Logging flags are the CLI's, not the command's: remove them. */
function withoutLogFlags(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    if (LOG_FLAGS.has(arg)) continue;
    if (LOG_VALUE_FLAGS.has(arg.split('=')[0]!)) {
      if (!arg.includes('=')) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

async function closeLogger(logger: CommandContext['logger']): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 200).unref();
  });
}

/** The one place that turns an error into words and an exit code. */
function reportError(stderr: Writable, error: unknown): number {
  if (error instanceof DwError) {
    stderr.write(`dwmigrate: error [${error.code}]: ${error.message}\n`);
    const pointsToHelp = error.message.includes('--help');
    if (error instanceof UsageError && error.code === 'USAGE' &&
      !pointsToHelp) {
      stderr.write('Run "dwmigrate --help" for usage.\n');
    }
    return error.exitCode;
  }
  if (isParseArgsError(error)) {
    stderr.write(`dwmigrate: error [USAGE]: ${parseArgsUsage(error)}\n`);
    return EXIT.usage;
  }
  stderr.write(
    `dwmigrate: internal error: ${messageOf(error)}\n` +
      'This is a bug in dwmigrate; please report it with the command run.\n',
  );
  return EXIT.internal;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
