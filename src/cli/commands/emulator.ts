/**
 * `dwmigrate emulator`: run the local DataWorks emulator until interrupted.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.js';
import { problems } from '../../plural.js';
import { loadManifests } from '../../manifest/load.js';
import type { Diagnostic } from '../../manifest/types.js';
import {
  loadConfigFile,
  parseLatency,
  type NormalConfig,
  type WorkspaceConfig,
} from '../../emulator/config.js';
import {
  startEmulator,
  type EmulatorOptions,
} from '../../emulator/server.js';
import type {
  Command,
  CommandContext,
  StopNotices,
} from '../context.js';
import { parseArgsUsage } from '../options.js';

const HELP = `Usage: dwmigrate emulator [options]

Run a local DataWorks emulator that speaks the real API (signature V3,
error shapes, limits) so that runs can be tried without a cloud account.
It prints the URL it listens on, then serves until Ctrl-C.

Options:
  --host HOST              address to listen on (default 127.0.0.1)
  --port N                 main port, every region (default 8080; 0 = any)
  --config FILE            YAML config: accounts, workspaces, regions,
                           limits, faults (see docs/emulator.md)
  --state FILE             keep tasks in FILE across restarts
  --seed-manifests PATHS   register every workspace of these manifests
                           (repeatable or comma-separated)
  --workspace ID:REGION    register one workspace (repeatable)
  --region-port REGION=N   extra listener serving only REGION (repeatable)
  --duplicate-names MODE   reject (default) or allow same-name tasks
  --id-start N             first task ID (default 1000001)
  --write-qps N            Create*/Start* per second per key and region
                           (default 20)
  --read-qps N             Get*/List* per second per key and region
                           (default 50)
  --latency MS|MIN-MAX     added delay per API call
  --error-rate R           share of calls failing with 500/503 (0..1)
  --reset-rate R           share of calls whose connection is reset
  --lose-rate R            share of calls that take effect, then lose
                           their response
  --lose-mode MODE         reset (default) or delay (reply held 15 s)
  --html-502-rate R        share of calls answered by an HTML 502 page
  --seed N                 seed of the fault draws (default 1)
  --export-ms N            how long a started export runs (default 2000)
  -h, --help               show this help

The demo key pair dwmigrate-demo / dwmigrate-demo-secret is accepted
when the config declares no accounts.

Examples:
  dwmigrate emulator --seed-manifests manifests/
  dwmigrate emulator --port 0 --state .emulator.json \\
    --workspace 12345:cn-shanghai --write-qps 5
  dwmigrate emulator --config examples/emulator.yaml \\
    --error-rate 0.05 --lose-rate 0.02 --seed 7
`;

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  config: { type: 'string' },
  state: { type: 'string' },
  'seed-manifests': { type: 'string', multiple: true },
  workspace: { type: 'string', multiple: true },
  'region-port': { type: 'string', multiple: true },
  'duplicate-names': { type: 'string' },
  'id-start': { type: 'string' },
  'write-qps': { type: 'string' },
  'read-qps': { type: 'string' },
  latency: { type: 'string' },
  'error-rate': { type: 'string' },
  'reset-rate': { type: 'string' },
  'lose-rate': { type: 'string' },
  'lose-mode': { type: 'string' },
  'html-502-rate': { type: 'string' },
  seed: { type: 'string' },
  'export-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseFlags>;

/** The `dwmigrate emulator` subcommand. */
export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run a local DataWorks emulator for tests and dry runs',
  help: HELP,
  run,
  stopNotices,
};

/**
 * The emulator has no calls of its own in flight: say what stopping does
 * to the listener and where the tasks are (every change is on disk before
 * it is answered, so nothing is lost either way).
 */
function stopNotices(argv: string[]): StopNotices {
  const { values } = parseArgs({
    args: argv,
    options: FLAGS,
    strict: false,
  });
  const file = typeof values.state === 'string' ? values.state : undefined;
  const kept = file
    ? `state saved to ${file}`
    : 'tasks are not kept (no --state FILE)';
  return {
    stopping: `emulator stopping: closing the listener, ${kept}. ` +
      'Press Ctrl-C again to stop at once.',
    stoppedAtOnce: `emulator stopped at once; ${kept}`,
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const values = parseFlags(ctx.argv);
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }

  const options = await buildOptions(values, ctx);
  const emulator = await startEmulator(options);
  ctx.stdout.write(`dwmigrate emulator listening on ${emulator.url}\n`);
  for (const [region, url] of Object.entries(emulator.regionUrls)) {
    ctx.logger.info('region listener', { region, url });
  }

  await aborted(ctx.signal);
  await emulator.close();
  ctx.logger.info('emulator stopped');
  return 0;
}

/** A usage error worded like every other command's. */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, strict: true }).values;
  } catch (error: unknown) {
    throw new UsageError(parseArgsUsage(error, 'emulator'));
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((done) => {
    signal.addEventListener('abort', () => done(), { once: true });
  });
}

async function buildOptions(
  values: Values,
  ctx: CommandContext,
): Promise<EmulatorOptions> {
  const at = (path: string): string => resolve(ctx.cwd, path);
  const config: NormalConfig | undefined = values.config
    ? await loadConfigFile(at(values.config))
    : undefined;
  const workspaces = [
    ...workspaceFlags(values.workspace ?? []),
    ...(await seedWorkspaces(values['seed-manifests'] ?? [], at, ctx)),
  ];
  return {
    host: values.host ?? '127.0.0.1',
    port: integer('--port', values.port ?? '8080', 0, 65535),
    stateFile: values.state === undefined ? undefined : at(values.state),
    config,
    workspaces,
    regionPorts: regionPorts(values['region-port'] ?? []),
    duplicateNames: oneOf('--duplicate-names', values['duplicate-names'], [
      'reject',
      'allow',
    ]),
    idStart: idStart(values['id-start']),
    seed: values.seed,
    writeQps: qps('--write-qps', values['write-qps']),
    readQps: qps('--read-qps', values['read-qps']),
    latency: latency(values.latency),
    errorRate: rate('--error-rate', values['error-rate']),
    resetRate: rate('--reset-rate', values['reset-rate']),
    loseRate: rate('--lose-rate', values['lose-rate']),
    loseMode: oneOf('--lose-mode', values['lose-mode'], ['reset', 'delay']),
    html502Rate: rate('--html-502-rate', values['html-502-rate']),
    exportMs: optionalInteger('--export-ms', values['export-ms']),
    logger: ctx.logger,
  };
}

function bad(flag: string, value: string, expected: string): UsageError {
  return new UsageError(
    `${flag} expects ${expected}, got "${value}"; ` +
      'see dwmigrate emulator --help',
  );
}

function integer(flag: string, value: string, min: number, max: number) {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (parsed >= min && parsed <= max) return parsed;
  throw bad(flag, value, `an integer from ${min} to ${max}`);
}

function optionalInteger(flag: string, value: string | undefined) {
  if (value === undefined) return undefined;
  return integer(flag, value, 0, Number.MAX_SAFE_INTEGER);
}

function qps(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() !== '' && Number.isFinite(parsed) && parsed > 0) {
    return parsed;
  }
  throw bad(flag, value, 'a number of calls per second above 0');
}

function rate(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() !== '' && parsed >= 0 && parsed <= 1) return parsed;
  throw bad(flag, value, 'a probability from 0 to 1, e.g. 0.05');
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (allowed.includes(value as T)) return value as T;
  throw bad(flag, value, allowed.join(' or '));
}

function idStart(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,19}$/.test(value)) {
    const parsed = BigInt(value);
    if (parsed > 0n && parsed < 2n ** 63n) return parsed;
  }
  throw bad('--id-start', value, 'a positive integer below 2^63');
}

function latency(value: string | undefined) {
  if (value === undefined) return undefined;
  const range = parseLatency(value);
  if (range) return range;
  throw bad('--latency', value, 'milliseconds as MS or MIN-MAX, e.g. 5-50');
}

function regionPorts(list: string[]): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const item of list) {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
    if (!match?.[1] || !match[2]) {
      throw bad('--region-port', item, 'REGION=PORT, e.g. cn-shanghai=8081');
    }
    ports[match[1]] = integer('--region-port', match[2], 0, 65535);
  }
  return ports;
}

function workspaceFlags(list: string[]): WorkspaceConfig[] {
  return list.map((item) => {
    const match = /^(\d{1,19}):([a-z0-9-]+)$/.exec(item);
    if (!match?.[1] || !match[2]) {
      throw bad('--workspace', item, 'ID:REGION, e.g. 12345:cn-shanghai');
    }
    return { projectId: match[1], region: match[2] };
  });
}

async function seedWorkspaces(
  list: string[],
  at: (path: string) => string,
  ctx: CommandContext,
): Promise<WorkspaceConfig[]> {
  const paths = list
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(at);
  if (paths.length === 0) return [];

  const result = await loadManifests(paths);
  if (!result.ok) {
    for (const d of result.diagnostics.slice(0, 20)) {
      ctx.stderr.write(`${describe(d)}\n`);
    }
    throw new UsageError(
      `--seed-manifests: the manifests have ` +
        `${problems(result.diagnostics.length)}; fix them and try again`,
    );
  }
  ctx.logger.info('seeded workspaces', { count: result.workspaces.length });
  return result.workspaces.map((w) => ({
    projectId: w.projectId,
    region: w.region,
  }));
}

function describe(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}: ` +
    d.message;
}
