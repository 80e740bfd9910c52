/**
 * The compact form of a FileOutcome in the cache file: tasks as tuples,
 * paths rebuilt from indexes, and the values that defaults share stored
 * once per workspace entry. It makes the cache about a third of the size of
 * plain JSON, which is most of the time of a warm run.
 */
import type {
  FileOutcome,
  Span,
  TaskDecl,
  WorkspaceDecl,
  Written,
} from './model.js';
import type { Diagnostic, ExportMode, ObjectStatus } from './types.js';

type EncodedWritten = [value: unknown, ...span: Span, path: string];

type EncodedTask = [
  index: number,
  name: string,
  ...nameAt: Span,
  ...at: Span,
  mode: number,
  since: number,
  status: ObjectStatus | null,
  description: string | null,
  tainted: 0 | 1,
];

interface EncodedWorkspace {
  /** projectId value and span; its path is the entry's path + .projectId */
  p: [value: string, ...span: Span];
  r?: EncodedWritten;
  l?: string;
  /** The label's span. */
  la?: Span;
  a: string;
  n: number;
  /** Flags: 1 = region tainted, 2 = exports tainted. */
  x?: number;
  /** Written values referred to by tasks (exportMode, incrementalSince). */
  v: EncodedWritten[];
  t: EncodedTask[];
}

/** A FileOutcome as stored in the cache. */
export interface EncodedOutcome {
  d: Diagnostic[];
  w: EncodedWorkspace[];
}

/** Compact a file's outcome for the cache. */
export function encodeOutcome(outcome: FileOutcome): EncodedOutcome {
  return { d: outcome.diagnostics, w: outcome.workspaces.map(encodeWorkspace) };
}

function encodeWritten(w: Written<unknown>): EncodedWritten {
  return [w.value, ...w.at, w.path];
}

function encodeWorkspace(ws: WorkspaceDecl): EncodedWorkspace {
  const table = new Map<Written<unknown>, number>();
  const values: EncodedWritten[] = [];
  const ref = (w: Written<unknown> | undefined): number => {
    if (!w) return -1;
    let i = table.get(w);
    if (i === undefined) {
      i = values.push(encodeWritten(w)) - 1;
      table.set(w, i);
    }
    return i;
  };
  const prefix = `${ws.path}.exports[`.length;
  const tasks = ws.tasks.map((t): EncodedTask => [
    Number(t.path.slice(prefix, -1)),
    t.name.value,
    ...t.name.at,
    ...t.at,
    ref(t.exportMode),
    ref(t.incrementalSince),
    t.exportObjectStatus ?? null,
    t.description ?? null,
    t.tainted ? 1 : 0,
  ]);

  const out: EncodedWorkspace = {
    p: [ws.projectId.value, ...ws.projectId.at],
    a: ws.path,
    n: ws.declaredTasks,
    v: values,
    t: tasks,
  };
  if (ws.region) out.r = encodeWritten(ws.region);
  if (ws.label !== undefined) out.l = ws.label;
  if (ws.labelAt) out.la = ws.labelAt;
  const flags = (ws.regionTainted ? 1 : 0) | (ws.exportsTainted ? 2 : 0);
  if (flags) out.x = flags;
  return out;
}

/** Rebuild a file's outcome from its cached form. */
export function decodeOutcome(encoded: EncodedOutcome): FileOutcome {
  return { diagnostics: encoded.d, workspaces: encoded.w.map(decodeWorkspace) };
}

function decodeWritten<T>(e: EncodedWritten): Written<T> {
  return { value: e[0] as T, at: [e[1], e[2], e[3], e[4]], path: e[5] };
}

function decodeWorkspace(e: EncodedWorkspace): WorkspaceDecl {
  const values = e.v.map((v) => decodeWritten<unknown>(v));
  const ws: WorkspaceDecl = {
    projectId: {
      value: e.p[0],
      at: [e.p[1], e.p[2], e.p[3], e.p[4]],
      path: `${e.a}.projectId`,
    },
    path: e.a,
    declaredTasks: e.n,
    tasks: e.t.map((t) => decodeTask(t, e.a, values)),
  };
  if (e.r) ws.region = decodeWritten<string>(e.r);
  if (e.l !== undefined) ws.label = e.l;
  if (e.la) ws.labelAt = e.la;
  if (e.x && e.x & 1) ws.regionTainted = true;
  if (e.x && e.x & 2) ws.exportsTainted = true;
  return ws;
}

function decodeTask(
  t: EncodedTask,
  wsPath: string,
  values: readonly Written<unknown>[],
): TaskDecl {
  const path = `${wsPath}.exports[${t[0]}]`;
  const task: TaskDecl = {
    name: { value: t[1], at: [t[2], t[3], t[4], t[5]], path: `${path}.name` },
    at: [t[6], t[7], t[8], t[9]],
    path,
  };
  const mode = values[t[10]];
  if (mode) task.exportMode = mode as Written<ExportMode>;
  const since = values[t[11]];
  if (since) task.incrementalSince = since as Written<number>;
  if (t[12] !== null) task.exportObjectStatus = t[12];
  if (t[13] !== null) task.description = t[13];
  if (t[14] === 1) task.tainted = true;
  return task;
}
