/**
 * `dwmigrate plan`: what `apply` would do, per workspace, without creating
 * anything: to create, already there (with ID), conflicts.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { DEFAULT_READ_TIMEOUT_MS } from '../../api/timeouts.js';
import { parseEndpointFlags } from '../../api/endpoints.js';
import { EXIT, UsageError } from '../../errors.js';
import { conflictHint, warnConflicts } from '../../plan/conflicts.js';
import { planAll } from '../../plan/list-all.js';
import type { WorkspacePlan } from '../../plan/list-all.js';
import { DEFAULT_RETRY } from '../../run/backoff.js';
import { BudgetRegistry, PUBLISHED_QPS } from '../../run/budget.js';
import type { Command, CommandContext } from '../context.js';
import { LOG_OPTIONS, positiveInt, positiveNumber } from '../options.js';
import { CONNECT_HELP, CONNECT_OPTIONS, connect } from './connect.js';
import { loadOrExplain } from './load-manifests.js';
import { SELECT_HELP, SELECT_OPTIONS, select } from './select.js';
import { plural } from '../../plural.js';

const OPTIONS = {
  ...LOG_OPTIONS,
  ...CONNECT_OPTIONS,
  ...SELECT_OPTIONS,
  'read-qps': { type: 'string' },
  json: { type: 'boolean' },
  'detailed-exitcode': { type: 'boolean' },
} as const;

const HELP = `Usage: dwmigrate plan [options] PATHS...

Show what "apply" would do, per workspace: tasks to create, tasks already
there (with their IDs) and conflicts (one name held by several tasks on the
server). Only read calls are made.

Options:
${CONNECT_HELP}
${SELECT_HELP}
  --read-qps N            read calls per second per key and region (50)
  --json                  print the plan as JSON on stdout
  --detailed-exitcode     exit 0 when there is nothing to do,
                          ${EXIT.changesPending} when tasks would be created,
                          1 when a workspace could not be listed

Examples:
  dwmigrate plan manifests/
  dwmigrate plan --json --endpoint http://127.0.0.1:8080 manifests/
  dwmigrate plan --workspace 10001 --name 'sales_*' manifests/
`;

interface Counts {
  create: number;
  existing: number;
  conflict: number;
  unreadable: number;
}

function countAll(plans: readonly WorkspacePlan[]): Counts {
  const counts: Counts = { create: 0, existing: 0, conflict: 0, unreadable: 0 };
  for (const plan of plans) {
    if (plan.error) counts.unreadable += 1;
    for (const entry of plan.entries ?? []) counts[entry.action] += 1;
  }
  return counts;
}

const MARK = { create: '+', existing: '=', conflict: '!' } as const;

function printText(out: Writable, plans: WorkspacePlan[], c: Counts): void {
  for (const plan of plans) {
    const ws = plan.workspace;
    const label = ws.label ? ` "${ws.label}"` : '';
    out.write(`workspace ${ws.projectId} (${ws.region})${label}\n`);
    if (plan.error) {
      const { apiCode, message } = plan.error;
      out.write(`  cannot list: ${apiCode}: ${message}\n`);
      continue;
    }
    for (const e of plan.entries) {
      const ids = e.remote.map((m) => m.id).join(', ');
      out.write(`  ${MARK[e.action]} ${e.task.name}  ${e.action}` +
        (ids ? `  id ${ids}` : '') + '\n');
    }
  }
  out.write(`plan: ${c.create} to create, ${c.existing} existing, ` +
    `${plural(c.conflict, 'conflict')}, ` +
    `${plural(c.unreadable, 'workspace')} not listed\n`);
  if (c.conflict > 0) out.write(conflictHint(c.conflict) + '\n');
}

function toJson(plans: WorkspacePlan[], counts: Counts) {
  return {
    summary: counts,
    workspaces: plans.map((plan) => ({
      projectId: plan.workspace.projectId,
      region: plan.workspace.region,
      label: plan.workspace.label ?? null,
      error: plan.error
        ? { code: plan.error.apiCode, message: plan.error.message }
        : null,
      tasks: (plan.entries ?? []).map((e) => ({
        name: e.task.name,
        action: e.action,
        taskIds: e.remote.map((m) => m.id),
        source: { file: e.task.source.file, line: e.task.source.line },
      })),
    })),
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    throw new UsageError('plan needs manifest files or folders');
  }
  const readQps = positiveNumber('read-qps', values['read-qps'],
    PUBLISHED_QPS.read);
  const timeoutMs = positiveInt('timeout', values.timeout,
    DEFAULT_READ_TIMEOUT_MS);
  const endpoints = parseEndpointFlags(values.endpoint ?? []);

  const loaded = await loadOrExplain(positionals, ctx);
  if (!loaded) return EXIT.usage;
  const workspaces = select(loaded.workspaces, values);
  const { api, identity } = await connect(ctx, {
    endpoints,
    profile: values.profile,
    timeoutMs,
  });

  const plans = await planAll({
    api,
    budgets: new BudgetRegistry({ read: readQps }),
    accessKeyId: identity.keyIdForBudget,
    retry: DEFAULT_RETRY,
    logger: ctx.logger,
    signal: ctx.signal,
  }, workspaces, 8);

  const counts = countAll(plans);
  for (const plan of plans) {
    warnConflicts(ctx.logger, plan.workspace.projectId, plan.entries ?? []);
  }
  if (values.json) {
    ctx.stdout.write(JSON.stringify(toJson(plans, counts), null, 2) + '\n');
  } else {
    printText(ctx.stdout, plans, counts);
  }
  return exitCode(counts, values['detailed-exitcode'] ?? false);
}

function exitCode(counts: Counts, detailed: boolean): number {
  if (plansAbort(counts)) return EXIT.someFailed;
  if (detailed && counts.create > 0) return EXIT.changesPending;
  return EXIT.ok;
}

function plansAbort(counts: Counts): boolean {
  return counts.unreadable > 0;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what apply would create, per workspace',
  help: HELP,
  run,
};
