/**
 * Scenario 5: plan and apply of 10,000, 50,000 and 100,000 tasks (25 per
 * workspace) with no budget and no latency. The cost per 10,000 tasks
 * must not grow with the size of the run. Each size runs in a fresh
 * runner process against a fresh emulator: load the manifests, plan every
 * workspace (as `dwmigrate plan`), apply (which lists again and creates),
 * then build and write the report. Peak RSS is the runner process's.
 */
import {
  type BenchContext,
  freshDir,
  round,
  size,
  withEmulator,
} from './context.js';
import { UNLIMITED_QPS } from './scenario-overhead.js';
import { runSide } from './runner-process.js';
import { workload } from './workload.js';

/** Figures of one size. */
export interface ScaleStep {
  tasks: number;
  workspaces: number;
  loadSeconds: number;
  planSeconds: number;
  applySeconds: number;
  reportSeconds: number;
  /** (plan + apply) seconds per 10,000 tasks. */
  per10kSeconds: number;
  /** Report seconds per 10,000 tasks. */
  reportPer10kSeconds: number;
  failed: number;
  peakRssMB: number;
  rssAfterLoadMB: number;
  /** Peak RSS before the report was built: plan and apply alone. */
  peakRssBeforeReportMB: number;
  /** per10kSeconds of every round. */
  rounds?: number[];
}

/** Scenario 5's figures. */
export interface ScaleResult {
  steps: ScaleStep[];
  per10kSpread: number;
  reportPer10kSpread: number;
  peakRssMB100k: number;
}

/**
 * Run every size, smallest first, `rounds` times each (2, or 1 when
 * quick); per size the fastest round's times and the highest peak RSS are
 * kept, so that a burst of other load on a shared machine does not pass
 * for growth.
 */
export async function scale(ctx: BenchContext): Promise<ScaleResult> {
  const files = size(ctx, [100, 500, 1000], [10, 50, 100]);
  const rounds = size(ctx, 2, 1);
  const steps: ScaleStep[] = [];
  for (const count of files) {
    const tries: ScaleStep[] = [];
    for (let r = 0; r < rounds; r++) tries.push(await step(ctx, count));
    steps.push(bestOf(tries));
  }
  const per10k = steps.map((s) => s.per10kSeconds);
  const report = steps.map((s) => s.reportPer10kSeconds);
  return {
    steps,
    per10kSpread: spread(per10k),
    reportPer10kSpread: spread(report),
    peakRssMB100k: steps[steps.length - 1]?.peakRssMB ?? 0,
  };
}

function bestOf(tries: ScaleStep[]): ScaleStep {
  const fastest = tries.reduce((a, b) =>
    (b.per10kSeconds < a.per10kSeconds ? b : a));
  return {
    ...fastest,
    peakRssMB: Math.max(...tries.map((t) => t.peakRssMB)),
    peakRssBeforeReportMB: Math.max(
      ...tries.map((t) => t.peakRssBeforeReportMB)),
    rounds: tries.map((t) => t.per10kSeconds),
  };
}

function spread(values: number[]): number {
  return round(Math.max(...values) / Math.min(...values) - 1);
}

async function step(ctx: BenchContext, files: number): Promise<ScaleStep> {
  const set = await workload(ctx.workDir, { files, tasksPerFile: 100 });
  ctx.note(`scale: ${set.tasks} tasks, ` +
    `${set.workspaces.length} workspaces`);
  const stateDir = await freshDir(ctx, `scale-${set.tasks}-state`);
  const reportDir = await freshDir(ctx, `scale-${set.tasks}-report`);
  return withEmulator(ctx, {
    writeQps: UNLIMITED_QPS,
    readQps: UNLIMITED_QPS,
    duplicateNames: 'allow',
    workspaces: set.workspaces,
  }, async (emulator) => {
    const side = await runSide({
      mode: 'ours',
      manifestDir: set.dir,
      endpoint: emulator.url,
      stateDir,
      concurrency: 16,
      perWorkspace: 4,
      qps: UNLIMITED_QPS,
      readQps: UNLIMITED_QPS,
      plan: true,
      apply: true,
      reportDir,
    }, ctx, 25 * 60_000);
    const tenK = side.tasks / 10_000;
    return {
      tasks: side.tasks,
      workspaces: set.workspaces.length,
      loadSeconds: round(side.loadSeconds),
      planSeconds: round(side.planSeconds),
      applySeconds: round(side.runSeconds),
      reportSeconds: round(side.reportSeconds),
      per10kSeconds: round((side.planSeconds + side.runSeconds) / tenK),
      reportPer10kSeconds: round(side.reportSeconds / tenK),
      failed: side.failed,
      peakRssMB: side.maxRssMB,
      rssAfterLoadMB: side.rssAfterLoadMB,
      peakRssBeforeReportMB: side.maxRssAfterApplyMB ?? 0,
    };
  });
}
