/**
 * `dwmigrate validate`: check manifests and print every problem, without
 * calling any API. The diagnostics are the command's result, so they go to
 * stdout in the chosen format.
 */
import { EXIT, UsageError } from '../../errors.js';
import {
  countDiagnostics,
  describeCounts,
  DIAGNOSTIC_FORMATS,
  formatDiagnostics,
  toJson,
  type DiagnosticFormat,
} from '../../manifest/diagnostics.js';
import { didYouMean } from '../../manifest/did-you-mean.js';
import { loadManifests } from '../../manifest/load.js';
import { plural } from '../../plural.js';
import type { LoadResult } from '../../manifest/types.js';
import type { Command, CommandContext } from '../context.js';

/** The cache folder used unless --cache or --no-cache says otherwise. */
export const DEFAULT_CACHE_DIR = '.dwmigrate/cache';

const HELP = `Usage: dwmigrate validate [options] PATH...

Check manifests without calling any API: YAML syntax, the manifest schema,
and the rules across files (unique task names per workspace, one region per
workspace, incrementalSince between 2009 and now). Every problem in every
file is reported at once.

PATH is a manifest file or a folder, searched recursively for *.yaml and
*.yml (folders starting with "." and node_modules are skipped).

Options:
  --format FORMAT        text (default), json, or github (annotations)
  --strict               fail on warnings too
  --cache DIR            keep the validation cache in DIR
                         (default: ${DEFAULT_CACHE_DIR} under the current folder)
  --no-cache             neither read nor write the cache
  -h, --help             show this help

Exit codes:
  0  the manifests are valid (warnings allowed unless --strict)
  2  problems found, or wrong usage

Examples:
  dwmigrate validate manifests/
  dwmigrate validate --strict manifests/hangzhou.yaml manifests/shanghai.yaml
  dwmigrate validate --format github manifests/   # in a GitHub workflow
  dwmigrate validate --format json manifests/ > diagnostics.json

Reference of the manifest language: docs/manifests.md
`;

interface ValidateArgs {
  format: DiagnosticFormat;
  strict: boolean;
  cacheDir?: string;
  help: boolean;
  paths: string[];
}

const FLAGS = ['--format', '--strict', '--cache', '--no-cache', '--help'];

/** Parse the arguments after `validate`; usage mistakes throw UsageError. */
export function parseValidateArgs(argv: readonly string[]): ValidateArgs {
  const args: ValidateArgs = {
    format: 'text',
    strict: false,
    cacheDir: DEFAULT_CACHE_DIR,
    help: false,
    paths: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const [flag, inline] = splitFlag(arg);
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    applyFlag(args, flag, value);
  }
  return args;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function applyFlag(
  args: ValidateArgs,
  flag: string,
  value: () => string,
): void {
  switch (flag) {
    case '--format':
      args.format = readFormat(value());
      return;
    case '--strict':
      args.strict = true;
      return;
    case '--cache':
      args.cacheDir = value();
      return;
    case '--no-cache':
      delete args.cacheDir;
      return;
    case '-h':
    case '--help':
      args.help = true;
      return;
    default: {
      const guess = didYouMean(flag, FLAGS);
      throw new UsageError(`unknown option ${flag}` +
        (guess ? ` (did you mean ${guess}?)` : '') +
        '; see dwmigrate validate --help');
    }
  }
}

function readFormat(value: string): DiagnosticFormat {
  const format = DIAGNOSTIC_FORMATS.find((f) => f === value);
  if (format) return format;
  const guess = didYouMean(value, DIAGNOSTIC_FORMATS);
  throw new UsageError(`--format must be one of ` +
    `${DIAGNOSTIC_FORMATS.join(', ')}, not "${value}"` +
    (guess ? ` (did you mean ${guess}?)` : ''));
}

/** Whether a load result fails validation under the given strictness. */
export function fails(result: LoadResult, strict: boolean): boolean {
  return !result.ok || (strict && result.diagnostics.length > 0);
}

/** The one-line summary printed after the diagnostics. */
export function summaryLine(result: LoadResult, strict: boolean): string {
  const counts = countDiagnostics(result.diagnostics);
  if (!result.ok) return describeCounts(counts);
  if (strict && counts.warnings > 0) {
    return `${describeCounts(counts)} (--strict: warnings fail)`;
  }
  const ok = 'manifests OK: ' +
    `${plural(result.workspaces.length, 'workspace')}, ` +
    `${plural(result.tasks.length, 'task')} in ` +
    `${plural(result.files.length, 'file')}`;
  return counts.warnings > 0
    ? `${ok}; ${plural(counts.warnings, 'warning')}`
    : ok;
}

function render(result: LoadResult, args: ValidateArgs): string {
  const summary = summaryLine(result, args.strict);
  if (args.format !== 'json') {
    return formatDiagnostics(result.diagnostics, args.format) +
      (args.format === 'text' && result.diagnostics.length > 0 ? '\n' : '') +
      `${summary}\n`;
  }
  const counts = countDiagnostics(result.diagnostics);
  return `${JSON.stringify({
    valid: !fails(result, args.strict),
    summary,
    errors: counts.errors,
    warnings: counts.warnings,
    files: result.files.length,
    workspaces: result.ok ? result.workspaces.length : undefined,
    tasks: result.ok ? result.tasks.length : undefined,
    diagnostics: result.diagnostics.map(toJson),
  }, null, 2)}\n`;
}

/** The `validate` subcommand. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check manifests and report every problem; no API call',
  help: HELP,
  async run(ctx: CommandContext): Promise<number> {
    const args = parseValidateArgs(ctx.argv);
    if (args.help) {
      ctx.stdout.write(HELP);
      return EXIT.ok;
    }
    if (args.paths.length === 0) {
      throw new UsageError('validate needs at least one manifest file or ' +
        'folder, e.g. dwmigrate validate manifests/');
    }

    const result = await loadManifests(args.paths, {
      cwd: ctx.cwd,
      cacheDir: args.cacheDir,
      logger: ctx.logger,
    });
    ctx.stdout.write(render(result, args));
    return fails(result, args.strict) ? EXIT.usage : EXIT.ok;
  },
};
