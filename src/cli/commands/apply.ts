/**
 * `dwmigrate apply`: validate the manifests, then create every export task
 * that is missing, and write the reconciliation report.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AbortError, EXIT, UsageError, messageOf } from '../../errors.js';
import { DEFAULT_READ_TIMEOUT_MS } from '../../api/timeouts.js';
import { parseEndpointFlags } from '../../api/endpoints.js';
import { DEFAULT_RETRY } from '../../run/backoff.js';
import { PUBLISHED_QPS } from '../../run/budget.js';
import { apply } from '../../run/apply.js';
import { forEachRecord } from '../../run/journal.js';
import { gitInfo } from '../../report/git-info.js';
import { ReportBuilder } from '../../report/model.js';
import { writeReport } from '../../report/write.js';
import type { ExportTask, Workspace } from '../../manifest/types.js';
import { VERSION } from '../../version.js';
import type { Command, CommandContext } from '../context.js';
import { LOG_OPTIONS, positiveInt, positiveNumber } from '../options.js';
import { CONNECT_HELP, CONNECT_OPTIONS, connect } from './connect.js';
import { createProgress } from '../progress.js';
import { writableFolder } from './folders.js';
import { loadOrExplain } from './load-manifests.js';
import { SELECT_HELP, SELECT_OPTIONS, select } from './select.js';
import { printSummary } from './summary.js';

const OPTIONS = {
  ...LOG_OPTIONS,
  ...CONNECT_OPTIONS,
  ...SELECT_OPTIONS,
  out: { type: 'string' },
  state: { type: 'string' },
  concurrency: { type: 'string' },
  'per-workspace': { type: 'string' },
  qps: { type: 'string' },
  'read-qps': { type: 'string' },
  'fail-fast': { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  'max-failures': { type: 'string' },
  'max-attempts': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const HELP = `Usage: dwmigrate apply [options] PATHS...

Validate the manifests under PATHS (files or folders), list each
workspace's export tasks, create those that are missing, and write the
report. A rerun creates nothing that exists already; an interrupted run
resumes from its state folder.

Options:
${CONNECT_HELP}
${SELECT_HELP}
  --out DIR               report folder (default: STATE/runs/RUN_ID)
  --state DIR             state folder: journal and lock (default .dwmigrate)
  --concurrency N         calls in flight overall (default 16)
  --per-workspace N       calls in flight per workspace (default 4)
  --qps N                 write calls per second per key and region (20)
  --read-qps N            read calls per second per key and region (50)
  --keep-going            carry on after failures (default)
  --fail-fast             start nothing new after the first failure
  --max-failures N        abort after N failed tasks (default: no limit)
  --max-attempts N        calls per task at most, retries included (8)
  --json                  print the report JSON on stdout

Credentials come from the Alibaba Cloud credential chain:
ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, a profile
(ALIBABA_CLOUD_PROFILE or --profile), or the instance role.

Examples:
  dwmigrate apply manifests/
  dwmigrate apply --endpoint http://127.0.0.1:8080 --out out manifests/
  dwmigrate apply --name 'sales_*' --fail-fast manifests/sales.yaml
`;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
}

function settings(values: Values, positionals: string[], cwd: string) {
  if (positionals.length === 0) {
    throw new UsageError('apply needs manifest files or folders, e.g. ' +
      '"dwmigrate apply manifests/"');
  }
  if (values['fail-fast'] && values['keep-going']) {
    throw new UsageError('--fail-fast and --keep-going exclude each other');
  }
  return {
    paths: positionals.map((p) => resolve(cwd, p)),
    endpoints: parseEndpointFlags(values.endpoint ?? []),
    stateDir: resolve(cwd, values.state ?? '.dwmigrate'),
    outDir: values.out === undefined ? undefined : resolve(cwd, values.out),
    concurrency: positiveInt('concurrency', values.concurrency, 16),
    perWorkspace: positiveInt('per-workspace', values['per-workspace'], 4),
    writeQps: positiveNumber('qps', values.qps, PUBLISHED_QPS.write),
    readQps: positiveNumber('read-qps', values['read-qps'], PUBLISHED_QPS.read),
    maxFailures: positiveInt('max-failures', values['max-failures'], 0, {
      allowZero: true,
    }),
    maxAttempts: positiveInt('max-attempts', values['max-attempts'], 8),
    timeoutMs: positiveInt('timeout', values.timeout,
      DEFAULT_READ_TIMEOUT_MS),
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv);
  const s = settings(values, positionals, ctx.cwd);

  const manifests = await loadOrExplain(positionals, ctx);
  if (!manifests) return EXIT.usage;
  await writableFolder(s.stateDir, '--state');
  if (s.outDir) await writableFolder(s.outDir, '--out');
  const workspaces = select(manifests.workspaces, values);

  const { api, identity } = await connect(ctx, {
    endpoints: s.endpoints,
    profile: values.profile,
    timeoutMs: s.timeoutMs,
  });
  const progress = createProgress({
    stream: ctx.stderr,
    isTTY: isTerminal(ctx.stderr) && values['log-format'] !== 'json',
    total: workspaces.reduce((n, ws) => n + ws.tasks.length, 0),
    logger: ctx.logger,
    quiet: values.quiet ?? false,
  });
  const result = await apply({
    workspaces,
    skipped: leftOut(manifests.tasks, workspaces),
    files: manifests.files,
    api,
    identity,
    stateDir: s.stateDir,
    concurrency: s.concurrency,
    callTimeoutMs: s.timeoutMs,
    perWorkspace: s.perWorkspace,
    qps: { write: s.writeQps, read: s.readQps },
    retry: { ...DEFAULT_RETRY, maxAttempts: s.maxAttempts },
    failFast: values['fail-fast'] ?? false,
    maxFailures: s.maxFailures,
    logger: ctx.logger,
    signal: ctx.signal,
    hardSignal: ctx.hardSignal,
    toolVersion: VERSION,
    recordedOptions: recordable(values, s),
    git: await gitInfo(s.paths),
    onProgress: (r) => {
      if (r.outcome !== 'skipped') progress.update(r.outcome);
    },
  }).finally(() => progress.stop());

  const builder = new ReportBuilder(result.runId);
  await forEachRecord(s.stateDir, (r) => builder.add(r), result.runId);
  const report = builder.build();
  const outDir = s.outDir ?? join(s.stateDir, 'runs', result.runId);
  const files = await writeReport(report, outDir).catch((error: unknown) => {
    throw new AbortError(
      `the run finished but its report could not be written to ${outDir}: ` +
        `${messageOf(error)}; the journal has every outcome: rerun ` +
        `"dwmigrate report --state ${s.stateDir} --out DIR"`,
      'REPORT_WRITE',
      error,
    );
  });
  if (values.json) ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else printSummary(ctx.stdout, report, files);
  if (result.stopReason) {
    ctx.logger.warn('run stopped early', { reason: result.stopReason });
  }
  return result.exitCode;
}

function isTerminal(stream: unknown): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function leftOut(all: ExportTask[], picked: Workspace[]): ExportTask[] {
  const key = (t: ExportTask): string => `${t.projectId}\u0000${t.name}`;
  const kept = new Set(picked.flatMap((ws) => ws.tasks.map(key)));
  return all.filter((task) => !kept.has(key(task)));
}

function recordable(values: Values, s: ReturnType<typeof settings>) {
  return {
    concurrency: s.concurrency,
    perWorkspace: s.perWorkspace,
    qps: s.writeQps,
    readQps: s.readQps,
    failFast: values['fail-fast'] ?? false,
    // 0 means no limit; null says so without looking like a limit of 0.
    maxFailures: s.maxFailures === 0 ? null : s.maxFailures,
    maxAttempts: s.maxAttempts,
    timeoutMs: s.timeoutMs,
    endpoint: values.endpoint ?? [],
    profile: values.profile ?? null,
    workspace: values.workspace ?? [],
    name: values.name ?? [],
  };
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'create the export tasks that are missing, and report',
  help: HELP,
  run,
};
