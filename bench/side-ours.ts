/** A runner child's "ours" side: plan and apply through src/, timed. */
import path from 'node:path';
import { DataWorksClient } from '../src/api/client.js';
import { loadCredential } from '../src/api/credentials.js';
import { createLogger } from '../src/log.js';
import type { Workspace } from '../src/manifest/types.js';
import { planAll } from '../src/plan/list-all.js';
import { ReportBuilder } from '../src/report/model.js';
import { writeReport } from '../src/report/write.js';
import { apply, type ApplyResult } from '../src/run/apply.js';
import { DEFAULT_RETRY } from '../src/run/backoff.js';
import { BudgetRegistry } from '../src/run/budget.js';
import { forEachRecord } from '../src/run/journal.js';
import type { OursSpec, SideFigures } from './side-spec.js';
import { cpuMs, loadTasks, megabytes, timed } from './side-common.js';

/** Run our side as the spec says. */
export async function runOurs(spec: OursSpec): Promise<SideFigures> {
  const cpuStart = process.cpuUsage();
  const loaded = await loadTasks(spec.manifestDir);
  const rssAfterLoadMB = megabytes(process.memoryUsage().rss);
  const { credential, identity } = await loadCredential(process.env);
  const api = new DataWorksClient({
    credential,
    endpoints: { all: spec.endpoint },
    readTimeoutMs: 10_000,
  });
  const logger = createLogger({ stream: process.stderr, level: 'info' });

  const plan = spec.plan
    ? await timed(() => planAll({
      api,
      budgets: new BudgetRegistry({ read: spec.readQps }),
      accessKeyId: identity.keyIdForBudget,
      retry: DEFAULT_RETRY,
      logger,
    }, loaded.workspaces, 8))
    : null;
  const rssAfterPlanMB = peakRss();

  const run = spec.apply
    ? await timed(() => applyAll(spec, loaded.workspaces, {
      api, identity, logger, files: loaded.files,
    }))
    : null;
  const rssAfterApplyMB = peakRss();

  const report = run && spec.reportDir
    ? await timed(() => writeRunReport(spec, run.value, spec.reportDir!))
    : null;

  const outcomes = run ? countOutcomes(run.value) : {};
  return {
    mode: 'ours',
    tasks: loaded.tasks,
    attempted: run ? run.value.results.length : 0,
    loadSeconds: loaded.seconds,
    planSeconds: plan?.seconds ?? 0,
    runSeconds: run?.seconds ?? 0,
    reportSeconds: report?.seconds ?? 0,
    ok: (outcomes.created ?? 0) + (outcomes.existing ?? 0),
    failed: (outcomes.failed ?? 0) + (outcomes['not-started'] ?? 0),
    outcomes,
    errorCodes: run ? errorCodes(run.value) : {},
    cpuPlanMs: plan?.cpuMs ?? 0,
    cpuRunMs: run?.cpuMs ?? 0,
    cpuTotalMs: cpuMs(process.cpuUsage(cpuStart)),
    maxRssMB: peakRss(),
    rssAfterLoadMB,
    maxRssAfterPlanMB: rssAfterPlanMB,
    maxRssAfterApplyMB: rssAfterApplyMB,
    exitCode: run?.value.exitCode,
  };
}

/** Peak RSS of this process so far, MB. */
function peakRss(): number {
  return megabytes(process.resourceUsage().maxRSS * 1024);
}

type ApplyDeps = Pick<
  Parameters<typeof apply>[0],
  'api' | 'identity' | 'logger' | 'files'
>;

function applyAll(
  spec: OursSpec,
  workspaces: Workspace[],
  deps: ApplyDeps,
): Promise<ApplyResult> {
  const never = new AbortController().signal;
  return apply({
    ...deps,
    workspaces,
    stateDir: spec.stateDir,
    concurrency: spec.concurrency,
    perWorkspace: spec.perWorkspace,
    qps: { write: spec.qps, read: spec.readQps },
    retry: DEFAULT_RETRY,
    failFast: false,
    maxFailures: 0,
    signal: never,
    hardSignal: never,
    toolVersion: 'bench',
    recordedOptions: { bench: true },
    git: null,
  });
}

async function writeRunReport(
  spec: OursSpec,
  result: ApplyResult,
  outDir: string,
): Promise<void> {
  const builder = new ReportBuilder(result.runId);
  await forEachRecord(spec.stateDir, (r) => builder.add(r), result.runId);
  const model = builder.build();
  await writeReport(model, path.resolve(outDir));
}

function countOutcomes(result: ApplyResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of result.results) {
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  }
  return counts;
}

function errorCodes(result: ApplyResult): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const r of result.results) {
    if (!r.error) continue;
    codes[r.error.code] = (codes[r.error.code] ?? 0) + 1;
  }
  return codes;
}
