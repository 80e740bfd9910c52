/**
 * Scenario 3: what a script without dwmigrate gets on the settings of
 * scenario 1 (20 QPS, 50-250 ms): the raw client one call at a time (as a
 * shell loop over the aliyun CLI would, minus its process start), and all
 * calls at once with Promise.all. Our figures come from scenario 1.
 *
 * The sequential loop is a time-boxed sample; its rate does not depend on
 * the number of tasks, because it never reaches the limit.
 */
import { type BenchContext, round, size, withEmulator } from './context.js';
import type { EmulatorStats } from './emulator-process.js';
import { LATENCY, SERVICE_QPS, type PacedFigures } from './scenario-paced.js';
import { runSide } from './runner-process.js';
import type { RawSpec, SideFigures } from './side-spec.js';
import { workload } from './workload.js';

/** Figures of one baseline. */
export interface BaselineFigures {
  attempted: number;
  created: number;
  failed: number;
  seconds: number;
  /** Tasks created per second of wall time. */
  rate: number;
  throttled: number;
  duplicates: number;
  errorCodes: Record<string, number>;
}

/** Scenario 3's figures, ours included. */
export interface BaselinesResult {
  sequential: BaselineFigures;
  promiseAll: BaselineFigures;
  ours: { rate: number; failed: number; throttled: number };
  sequentialRatio: number;
  promiseAllFailed: number;
  oursFailed: number;
}

/** Run both baselines and set them next to scenario 1's run. */
export async function baselines(
  ctx: BenchContext,
  paced: PacedFigures,
): Promise<BaselinesResult> {
  const sequential = await baseline(ctx, 'sequential', {
    maxTasks: size(ctx, 200, 20),
    timeBoxMs: 120_000,
  });
  const promiseAll = await baseline(ctx, 'promise-all', {});
  const oursRate = paced.endToEndRate;
  return {
    sequential,
    promiseAll,
    ours: { rate: oursRate, failed: paced.failed, throttled: paced.throttled },
    sequentialRatio: round(oursRate / sequential.rate),
    promiseAllFailed: promiseAll.failed,
    oursFailed: paced.failed,
  };
}

async function baseline(
  ctx: BenchContext,
  mode: RawSpec['mode'],
  limits: Pick<RawSpec, 'maxTasks' | 'timeBoxMs'>,
): Promise<BaselineFigures> {
  const set = await workload(ctx.workDir, size(ctx,
    { files: 25, tasksPerFile: 80 },
    { files: 3, tasksPerFile: 64 }));
  ctx.note(`baselines: ${mode}, ${limits.maxTasks ?? set.tasks} tasks`);
  return withEmulator(ctx, {
    writeQps: SERVICE_QPS,
    latency: LATENCY,
    duplicateNames: 'allow',
    workspaces: set.workspaces,
  }, async (emulator) => {
    const side = await runSide({
      mode,
      manifestDir: set.dir,
      endpoint: emulator.url,
      ...limits,
    }, ctx, 10 * 60_000);
    return figures(side, await emulator.stats());
  });
}

function figures(side: SideFigures, stats: EmulatorStats): BaselineFigures {
  return {
    attempted: side.attempted,
    created: side.ok,
    failed: side.failed,
    seconds: round(side.runSeconds),
    rate: round(side.ok / side.runSeconds),
    throttled: stats.createThrottled,
    duplicates: stats.duplicates,
    errorCodes: side.errorCodes,
  };
}
