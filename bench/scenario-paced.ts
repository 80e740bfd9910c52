/**
 * Scenarios 1 and 2: our runner against an emulator that allows 20 write
 * calls per second with 50-250 ms latency, 2,000 tasks over 100
 * workspaces. "Paced" tells the runner the true limit (--qps 20);
 * "unknown limit" tells it 50, so it must find the real limit from the
 * throttling it meets.
 *
 * Rates are read off the emulator's request log (arrival of successful
 * creates), so they measure what the service saw. The emulator allows
 * duplicate names here, so a task created twice would show up.
 */
import {
  type BenchContext,
  freshDir,
  round,
  size,
  withEmulator,
} from './context.js';
import type { EmulatorStats } from './emulator-process.js';
import { runSide } from './runner-process.js';
import type { OursSpec, SideFigures } from './side-spec.js';
import { workload } from './workload.js';

/** The emulator's write limit in scenarios 1-3. */
export const SERVICE_QPS = 20;
/** The emulator's latency in scenarios 1-3. */
export const LATENCY = '50-250';

/** Figures of one paced run. */
export interface PacedFigures {
  tasks: number;
  workspaces: number;
  runnerQps: number;
  serviceQps: number;
  /** Successful creates per second as the emulator saw them. */
  achievedRate: number;
  /** The same over the second half of the run (after convergence). */
  secondHalfRate: number;
  /** Most successful creates within any one second. */
  maxInOneSecond: number;
  /** Shortest span of SERVICE_QPS + 1 successful creates' arrivals. */
  tightestSpanMs: number | null;
  /** Per 429: span from the SERVICE_QPS-th success before it. */
  throttledSpansMs: number[];
  /** Created tasks per second of apply wall time (listing included). */
  endToEndRate: number;
  createCalls: number;
  throttled: number;
  readThrottled: number;
  failed: number;
  duplicates: number;
  applySeconds: number;
  cpuRunMs: number;
  maxRssMB: number;
  outcomes: Record<string, number>;
  createCodes: Record<string, number>;
  perSecond: EmulatorStats['perSecond'];
}

/**
 * Our runner as scenarios 1, 2 and 7 run it: apply only, concurrency 16,
 * 4 per workspace, the published read budget.
 */
export function pacedSpec(
  manifestDir: string,
  endpoint: string,
  stateDir: string,
  qps: number,
  reportDir?: string,
): OursSpec {
  return {
    mode: 'ours', manifestDir, endpoint, stateDir, concurrency: 16,
    perWorkspace: 4, qps, readQps: 50, plan: false, apply: true, reportDir,
  };
}

/** Run our runner with this write budget against the 20 QPS emulator. */
export async function pacedRun(
  ctx: BenchContext,
  name: string,
  runnerQps: number,
): Promise<PacedFigures> {
  const set = await workload(ctx.workDir, size(ctx,
    { files: 25, tasksPerFile: 80 },
    { files: 3, tasksPerFile: 64 }));
  const stateDir = await freshDir(ctx, `${name}-state`);
  ctx.note(`${name}: ${set.tasks} tasks, runner --qps ${runnerQps}, ` +
    `emulator ${SERVICE_QPS} QPS, latency ${LATENCY} ms`);

  return withEmulator(ctx, {
    writeQps: SERVICE_QPS,
    latency: LATENCY,
    duplicateNames: 'allow',
    workspaces: set.workspaces,
  }, async (emulator) => {
    const side = await runSide(
      pacedSpec(set.dir, emulator.url, stateDir, runnerQps), ctx, 20 * 60_000);
    const stats = await emulator.stats();
    return figures(set.workspaces.length, runnerQps, side, stats);
  });
}

function figures(
  workspaces: number,
  runnerQps: number,
  side: SideFigures,
  stats: EmulatorStats,
): PacedFigures {
  return {
    tasks: side.tasks,
    workspaces,
    runnerQps,
    serviceQps: SERVICE_QPS,
    achievedRate: round(stats.createRate),
    secondHalfRate: round(stats.secondHalfRate),
    maxInOneSecond: stats.maxInOneSecond,
    tightestSpanMs: stats.tightestSpanMs,
    throttledSpansMs: stats.throttledSpansMs,
    endToEndRate: round((side.outcomes.created ?? 0) / side.runSeconds),
    createCalls: stats.createCalls,
    throttled: stats.createThrottled,
    readThrottled: stats.readThrottled,
    failed: side.failed,
    duplicates: stats.duplicates,
    applySeconds: round(side.runSeconds),
    cpuRunMs: Math.round(side.cpuRunMs),
    maxRssMB: side.maxRssMB,
    outcomes: side.outcomes,
    createCodes: stats.createCodes,
    perSecond: stats.perSecond,
  };
}

/** Scenario 1's headline figures. */
export function pacedSummary(f: PacedFigures) {
  return {
    budgetFraction: round(f.achievedRate / f.serviceQps),
    throttled: f.throttled,
    failed: f.failed,
    duplicates: f.duplicates,
  };
}

/** Scenario 2's headline figures. */
export function unknownLimitSummary(f: PacedFigures) {
  return {
    limitFraction: round(f.achievedRate / f.serviceQps),
    throttledShare: round(f.throttled / Math.max(1, f.createCalls), 4),
    failed: f.failed,
    secondHalfFraction: round(f.secondHalfRate / f.serviceQps),
    duplicates: f.duplicates,
  };
}
