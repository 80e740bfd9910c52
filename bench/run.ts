/**
 * `npm run bench`: start emulators in child processes, run the scenarios
 * of the product issue, print the figures against their targets, and
 * write them to bench/results.json (bench/results-quick.json with
 * --quick).
 *
 *   node dist/bench/run.js [--quick] [--only NAME]... [--out FILE]
 *                          [--cpu-prof]
 *
 * NAME: paced, unknownLimit, baselines, overhead, scale, validation,
 * faults.
 * --only writes its scenarios into the existing results file (same mode).
 * --cpu-prof profiles every runner child into bench/work/profiles.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext } from './context.js';
import { baselines } from './scenario-baselines.js';
import { faults, faultsSummary } from './scenario-faults.js';
import { overhead } from './scenario-overhead.js';
import {
  pacedRun,
  pacedSummary,
  unknownLimitSummary,
  type PacedFigures,
} from './scenario-paced.js';
import { scale } from './scenario-scale.js';
import { validation } from './scenario-validation.js';
import { checkTargets, formatMarkdown, formatTable } from './targets.js';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../../bench');
const NAMES = [
  'paced', 'unknownLimit', 'baselines', 'overhead', 'scale', 'validation',
  'faults',
] as const;
type Name = (typeof NAMES)[number];
type Slot = Record<string, unknown>;

interface Settings {
  quick: boolean;
  only: Name[];
  out: string;
  cpuProf: boolean;
}

function settings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
    },
  });
  const only = (values.only ?? []).flatMap((v) => v.split(','));
  for (const name of only) {
    if (!(NAMES as readonly string[]).includes(name)) {
      throw new Error(`--only ${name}: expected one of ${NAMES.join(', ')}`);
    }
  }
  const quick = values.quick ?? false;
  return {
    quick,
    only: only as Name[],
    out: path.resolve(values.out ??
      path.join(BENCH_DIR, quick ? 'results-quick.json' : 'results.json')),
    cpuProf: values['cpu-prof'] ?? false,
  };
}

async function context(s: Settings): Promise<BenchContext> {
  const workDir = path.join(BENCH_DIR, 'work');
  await mkdir(path.join(workDir, 'runs'), { recursive: true });
  const profiles = path.join(workDir, 'profiles');
  return {
    quick: s.quick,
    workDir,
    logFile: path.join(workDir, 'children.log'),
    execArgv: s.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [],
    note: (message) => process.stderr.write(`[bench ${clock()}] ${message}\n`),
  };
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

/** Run the chosen scenarios; each failure is kept in its slot. */
async function scenarios(
  ctx: BenchContext,
  chosen: Set<Name>,
): Promise<Partial<Record<Name, Slot>>> {
  const out: Partial<Record<Name, Slot>> = {};
  let paced: PacedFigures | null = null;
  const attempt = async (name: Name, work: () => Promise<Slot>) => {
    if (!chosen.has(name)) return;
    const start = performance.now();
    try {
      out[name] = { ...(await work()), seconds: elapsed(start) };
    } catch (error: unknown) {
      ctx.note(`${name} failed: ${String(error)}`);
      out[name] = { error: String(error), reason: 'failed: see error' };
    }
  };

  await attempt('paced', async () => {
    paced = await pacedRun(ctx, 'paced', 20);
    return { ...pacedSummary(paced), details: paced };
  });
  await attempt('unknownLimit', async () => {
    const f = await pacedRun(ctx, 'unknown-limit', 50);
    return { ...unknownLimitSummary(f), details: f };
  });
  await attempt('baselines', async () => {
    paced ??= await pacedRun(ctx, 'paced', 20);
    return { ...(await baselines(ctx, paced)) };
  });
  await attempt('overhead', async () => ({ ...(await overhead(ctx)) }));
  await attempt('scale', async () => ({ ...(await scale(ctx)) }));
  await attempt('validation', async () => ({ ...(await validation(ctx)) }));
  await attempt('faults', async () => {
    const f = await faults(ctx);
    return { ...faultsSummary(f), details: f };
  });
  return out;
}

function elapsed(start: number): number {
  return Math.round(performance.now() - start) / 1_000;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
  };
}

/** With --only, keep the other scenarios of an earlier run of this mode. */
async function earlier(s: Settings): Promise<Record<string, Slot>> {
  if (s.only.length === 0) return {};
  try {
    const old = JSON.parse(await readFile(s.out, 'utf8')) as {
      quick?: boolean;
      scenarios?: Record<string, Slot>;
    };
    return old.quick === s.quick ? (old.scenarios ?? {}) : {};
  } catch {
    // No earlier results (or unreadable): start afresh.
    return {};
  }
}

async function main(argv: string[]): Promise<number> {
  const s = settings(argv);
  const ctx = await context(s);
  const chosen = new Set<Name>(s.only.length > 0 ? s.only : NAMES);
  const start = performance.now();
  const fresh = await scenarios(ctx, chosen);
  const all = { ...(await earlier(s)), ...fresh };
  const targets = checkTargets(all);
  const results = {
    machine: machine(),
    quick: s.quick,
    finishedAt: new Date().toISOString(),
    durationSeconds: elapsed(start),
    measured: [...chosen],
    scenarios: all,
    targets,
  };
  await writeFile(s.out, `${JSON.stringify(results, null, 2)}\n`);
  const table = s.out.replace(/\.json$/, '') + '.md';
  await writeFile(table, `${formatMarkdown(targets)}\n`);

  const m = results.machine;
  process.stdout.write(`dwmigrate bench${s.quick ? ' (quick)' : ''}: ` +
    `${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ` +
    `${results.durationSeconds} s\n\n${formatTable(targets)}\n\n` +
    `written: ${path.relative(process.cwd(), s.out)} and ` +
    `${path.relative(process.cwd(), table)}\n`);
  return Object.values(fresh).some((slot) => slot && 'error' in slot) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${String(error)}\n`);
  return 2;
});
