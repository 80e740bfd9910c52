/**
 * The baselines: `@alicloud/openapi-client` used directly, as a script
 * without dwmigrate would. No pacing, no retries, no journal. Each call
 * sends the same parameters the runner sends for that task.
 */
import OpenApi from '@alicloud/openapi-client';
import Util from '@alicloud/tea-util';
import type { ExportTask } from '../src/manifest/types.js';
import type { RawSpec, SideFigures } from './side-spec.js';
import { cpuMs, loadTasks, megabytes, timed } from './side-common.js';

interface Tally {
  attempted: number;
  ok: number;
  failed: number;
  codes: Record<string, number>;
}

/** Run one baseline as the spec says. */
export async function runRaw(spec: RawSpec): Promise<SideFigures> {
  const cpuStart = process.cpuUsage();
  const loaded = await loadTasks(spec.manifestDir);
  const rssAfterLoadMB = megabytes(process.memoryUsage().rss);
  const tasks = loaded.list.slice(0, spec.maxTasks ?? loaded.list.length);
  const client = rawClient(spec.endpoint);
  const tally: Tally = { attempted: 0, ok: 0, failed: 0, codes: {} };
  const deadline = performance.now() + (spec.timeBoxMs ?? Infinity);
  const call = (task: ExportTask): Promise<void> =>
    createOnce(client, task, tally);

  const run = await timed(async () => {
    if (spec.mode === 'promise-all') {
      await Promise.all(tasks.map(call));
    } else {
      const workers = spec.mode === 'bare' ? (spec.workers ?? 16) : 1;
      await loops(tasks, workers, deadline, call);
    }
  });

  return {
    mode: spec.mode,
    tasks: loaded.tasks,
    attempted: tally.attempted,
    loadSeconds: loaded.seconds,
    planSeconds: 0,
    runSeconds: run.seconds,
    reportSeconds: 0,
    ok: tally.ok,
    failed: tally.failed,
    outcomes: {},
    errorCodes: tally.codes,
    cpuPlanMs: 0,
    cpuRunMs: run.cpuMs,
    cpuTotalMs: cpuMs(process.cpuUsage(cpuStart)),
    maxRssMB: megabytes(process.resourceUsage().maxRSS * 1024),
    rssAfterLoadMB,
  };
}

/** `workers` loops over one shared list, until the list or time runs out. */
async function loops(
  tasks: ExportTask[],
  workers: number,
  deadline: number,
  call: (task: ExportTask) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && performance.now() < deadline) {
      await call(tasks[next++]!);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

function rawClient(endpoint: string): OpenApi.default {
  return new OpenApi.default(new OpenApi.Config({
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    endpoint: new URL(endpoint).host,
    protocol: 'http',
  }));
}

const PARAMS = new OpenApi.Params({
  action: 'CreateExportMigration',
  version: '2020-05-18',
  protocol: 'HTTP',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'string',
});

async function createOnce(
  client: OpenApi.default,
  task: ExportTask,
  tally: Tally,
): Promise<void> {
  tally.attempted += 1;
  const request = new OpenApi.OpenApiRequest({ body: bodyOf(task) });
  try {
    const runtime = new Util.RuntimeOptions({});
    const answer = await client.callApi(PARAMS, request, runtime);
    JSON.parse(String(answer.body));
    tally.ok += 1;
  } catch (error: unknown) {
    tally.failed += 1;
    const code = String((error as { code?: unknown }).code ?? 'NoCode');
    tally.codes[code] = (tally.codes[code] ?? 0) + 1;
  }
}

function bodyOf(task: ExportTask): Record<string, string> {
  const body: Record<string, string> = {
    ProjectId: task.projectId,
    Name: task.name,
    ExportMode: task.exportMode,
  };
  const since = task.incrementalSince;
  if (task.exportMode === 'INCREMENTAL' && since !== undefined) {
    body.IncrementalSince = String(since);
  }
  if (task.exportObjectStatus) {
    body.ExportObjectStatus = task.exportObjectStatus;
  }
  if (task.description) body.Description = task.description;
  return body;
}
