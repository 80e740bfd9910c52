/**
 * Scenario 7, the full-size fault run of the safe-apply issue: 2,000
 * tasks over 100 workspaces, the emulator injecting 10 % 5xx, 3 % lost
 * responses (the task is created, the reply lost), 2 % connection resets
 * and throttling at 20 write QPS, with duplicate names allowed. Every task
 * must exist exactly once and the report must map each name to the ID the
 * emulator holds for it. (`make test` runs the same at a tenth the size.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type BenchContext,
  freshDir,
  round,
  size,
  withEmulator,
} from './context.js';
import type { TaskIds } from './emulator-child.js';
import { LATENCY, pacedSpec, SERVICE_QPS } from './scenario-paced.js';
import { runSide } from './runner-process.js';
import { workload } from './workload.js';

/** The faults, as the issue gives them. */
export const FAULTS = {
  errorRate: 0.1,
  loseRate: 0.03,
  resetRate: 0.02,
  seed: 7,
} as const;

/** Scenario 7's figures. */
export interface FaultFigures {
  tasks: number;
  /** Names held more than once in a workspace. */
  duplicates: number;
  /** Manifest tasks the emulator does not hold. */
  missing: number;
  /** Report entries whose task ID is not the emulator's for the name. */
  wrongIds: number;
  failed: number;
  /** Tasks adopted after an ambiguous failure. */
  adopted: number;
  createCalls: number;
  throttled: number;
  createCodes: Record<string, number>;
  applySeconds: number;
}

/** Run our runner against the faulty emulator and check every task. */
export async function faults(ctx: BenchContext): Promise<FaultFigures> {
  const set = await workload(ctx.workDir, size(ctx,
    { files: 25, tasksPerFile: 80 },
    { files: 3, tasksPerFile: 64 }));
  const stateDir = await freshDir(ctx, 'faults-state');
  const reportDir = await freshDir(ctx, 'faults-report');
  ctx.note(`faults: ${set.tasks} tasks, 10 % 5xx, 3 % lost, 2 % resets, ` +
    `${SERVICE_QPS} QPS`);

  return withEmulator(ctx, {
    ...FAULTS,
    writeQps: SERVICE_QPS,
    latency: LATENCY,
    duplicateNames: 'allow',
    workspaces: set.workspaces,
  }, async (emulator) => {
    const spec = pacedSpec(set.dir, emulator.url, stateDir, SERVICE_QPS,
      reportDir);
    const side = await runSide(spec, ctx, 20 * 60_000);
    const stats = await emulator.stats();
    const held = await emulator.taskIds();
    const report = await reportTasks(reportDir);
    return {
      tasks: side.tasks,
      duplicates: stats.duplicates,
      ...compare(report, held),
      failed: side.failed,
      adopted: report.filter((t) => t.adopted).length,
      createCalls: stats.createCalls,
      throttled: stats.createThrottled,
      createCodes: stats.createCodes,
      applySeconds: round(side.runSeconds),
    };
  });
}

interface ReportTask {
  projectId: string;
  name: string;
  taskId: string | null;
  adopted: boolean;
}

async function reportTasks(dir: string): Promise<ReportTask[]> {
  const text = await readFile(path.join(dir, 'report.json'), 'utf8');
  return (JSON.parse(text) as { tasks: ReportTask[] }).tasks;
}

/** Missing tasks and wrong IDs of the report against the emulator. */
function compare(
  report: ReportTask[],
  held: TaskIds,
): Pick<FaultFigures, 'missing' | 'wrongIds'> {
  const ids = new Map<string, string[]>();
  for (const [projectId, name, id] of held) {
    const key = `${projectId}\u0000${name}`;
    ids.set(key, [...(ids.get(key) ?? []), id]);
  }
  let missing = 0;
  let wrongIds = 0;
  for (const t of report) {
    const onServer = ids.get(`${t.projectId}\u0000${t.name}`) ?? [];
    if (onServer.length === 0) missing++;
    else if (t.taskId === null || !onServer.includes(t.taskId)) wrongIds++;
  }
  return { missing, wrongIds };
}

/** Scenario 7's headline figures. */
export function faultsSummary(f: FaultFigures) {
  return {
    duplicates: f.duplicates,
    missing: f.missing,
    wrongIds: f.wrongIds,
    failed: f.failed,
    applySeconds: f.applySeconds,
  };
}
