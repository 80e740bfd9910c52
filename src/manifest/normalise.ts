/**
 * From a document's checked value to workspace and task declarations:
 * defaults applied (task field > workspace defaults > document defaults),
 * timestamps read into epoch milliseconds, every value tied to its place.
 */
import type { Document, Node } from 'yaml';
import { isScalar } from 'yaml';
import { diagnostic } from './diagnostics.js';
import type { Span, TaskDecl, WorkspaceDecl, Written } from './model.js';
import { itemsOf, pairIn, type Positions } from './positions.js';
import { readSince, type SinceReading } from './timestamps.js';
import type { Diagnostic, ExportMode, ObjectStatus } from './types.js';

/** One document, checked against the schema, ready to normalise. */
export interface NormaliseInput {
  file: string;
  doc: Document.Parsed;
  value: Record<string, unknown>;
  positions: Positions;
  /** Prefix of manifest paths for this document ('' for the first). */
  docPrefix: string;
  /**
   * JSON pointers of this document's schema errors, down to the key for
   * missing and unknown keys.
   */
  errorPointers: readonly string[];
  /** Distrust every value (the document has a duplicate key). */
  taintAll?: boolean;
}

/** The declarations of one document, and problems reading its times. */
export interface Normalised {
  workspaces: WorkspaceDecl[];
  diagnostics: Diagnostic[];
}

/** A mapping that supplies task fields: a task or a defaults block. */
interface Layer {
  value: Record<string, unknown>;
  node: unknown;
  path: string;
  /** JSON pointer of the mapping, for matching schema errors. */
  pointer: string;
  tainted: boolean;
  /** Values already located: a defaults block serves many tasks. */
  written?: Map<string, Written<unknown>>;
}

type PlainObject = Record<string, unknown>;

function isRecord(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalise every workspace entry of one document. */
export function normaliseDocument(input: NormaliseInput): Normalised {
  const state = new DocumentState(input);
  const root = input.value;
  const docDefaults = state.layer(root['defaults'],
    pairIn(input.doc, input.doc.contents, 'defaults')?.value,
    `${input.docPrefix}defaults`, '/defaults');

  const wsNodes = itemsOf(input.doc,
    pairIn(input.doc, input.doc.contents, 'workspaces')?.value);
  const wsValues = Array.isArray(root['workspaces']) ? root['workspaces'] : [];
  const workspaces: WorkspaceDecl[] = [];
  wsValues.forEach((ws: unknown, i) => {
    const decl = state.workspace(ws, wsNodes[i], i, docDefaults);
    if (decl) workspaces.push(decl);
  });
  return { workspaces, diagnostics: state.diagnostics };
}

class DocumentState {
  readonly diagnostics: Diagnostic[] = [];
  /** Since values already read, by manifest path: defaults are shared. */
  private readonly since = new Map<string, Written<number> | null>();
  /** Readings by text: many tasks repeat one timestamp. */
  private readonly readings = new Map<string | number, SinceReading>();

  constructor(private readonly input: NormaliseInput) {}

  /** True when a schema error sits at or below the JSON pointer. */
  tainted(pointer: string): boolean {
    if (this.input.taintAll) return true;
    return this.input.errorPointers.some(
      (p) => p === pointer || p.startsWith(`${pointer}/`),
    );
  }

  /** True when a schema error sits exactly at the pointer or its key. */
  taintedAt(pointer: string, key: string): boolean {
    return this.tainted(`${pointer}/${key}`);
  }

  /** A task or defaults mapping; `shared` ones remember located values. */
  layer(
    value: unknown,
    node: unknown,
    path: string,
    pointer: string,
    shared = true,
  ): Layer {
    const layer: Layer = {
      value: isRecord(value) ? value : {},
      node,
      path,
      pointer,
      tainted: this.tainted(pointer),
    };
    if (shared) layer.written = new Map();
    return layer;
  }

  span(node: unknown): Span {
    return this.input.positions.ofNode(node as Node | null) ?? [0, 0, 0, 0];
  }

  /** A field of a layer with the span of its value, located once. */
  written<T>(layer: Layer, key: string, value: T): Written<T> {
    const known = layer.written?.get(key);
    if (known) return known as Written<T>;
    const pair = pairIn(this.input.doc, layer.node, key);
    const written = {
      value,
      at: this.span(pair?.value ?? pair?.key ?? layer.node),
      path: `${layer.path}.${key}`,
    };
    layer.written?.set(key, written);
    return written;
  }

  workspace(
    value: unknown,
    node: Node | null | undefined,
    index: number,
    docDefaults: Layer,
  ): WorkspaceDecl | undefined {
    if (!isRecord(value)) return undefined;
    const pointer = `/workspaces/${index}`;
    const path = `${this.input.docPrefix}workspaces[${index}]`;
    const own: Layer = { value, node, path, pointer, tainted: false };

    const projectId = this.projectId(own, pointer);
    if (!projectId) return undefined;

    const tasks = Array.isArray(value['exports']) ? value['exports'] : [];
    const decl: WorkspaceDecl = {
      projectId,
      path,
      tasks: [],
      declaredTasks: tasks.length,
    };
    if (this.taintedAt(pointer, 'exports')) decl.exportsTainted = true;
    this.region(decl, own, docDefaults, pointer);
    if (typeof value['label'] === 'string') {
      decl.label = value['label'];
      decl.labelAt = this.written(own, 'label', decl.label).at;
    }

    const wsDefaults = this.layer(value['defaults'],
      pairIn(this.input.doc, node, 'defaults')?.value, `${path}.defaults`,
      `${pointer}/defaults`);
    const taskNodes = itemsOf(this.input.doc,
      pairIn(this.input.doc, node, 'exports')?.value);
    tasks.forEach((task: unknown, j) => {
      const layer = this.layer(task, taskNodes[j], `${path}.exports[${j}]`,
        `${pointer}/exports/${j}`, false);
      const decl_ = this.task(layer, wsDefaults, docDefaults);
      if (decl_) decl.tasks.push(decl_);
    });
    return decl;
  }

  /** The projectId as written: exact digits, even past 2^53. */
  private projectId(own: Layer, pointer: string): Written<string> | undefined {
    if (this.taintedAt(pointer, 'projectId')) return undefined;
    const raw = own.value['projectId'];
    if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
    const node = pairIn(this.input.doc, own.node, 'projectId')?.value;
    // The source text, not the number: 9007199254740993 stays exact.
    const text = isScalar(node) && node.source !== undefined
      ? node.source
      : String(raw);
    return this.written(own, 'projectId', text.trim());
  }

  private region(
    decl: WorkspaceDecl,
    own: Layer,
    docDefaults: Layer,
    pointer: string,
  ): void {
    if (this.taintedAt(pointer, 'region')) {
      decl.regionTainted = true;
      return;
    }
    const layer = typeof own.value['region'] === 'string' ? own : docDefaults;
    const region = layer.value['region'];
    if (typeof region === 'string') {
      decl.region = this.written(layer, 'region', region);
    } else if (this.taintedAt('', 'defaults/region')) {
      decl.regionTainted = true;
    }
  }

  private task(task: Layer, ws: Layer, doc: Layer): TaskDecl | undefined {
    const name = task.value['name'];
    if (typeof name !== 'string') return undefined;
    const decl: TaskDecl = {
      name: this.written(task, 'name', name),
      at: this.span(task.node),
      path: task.path,
    };
    const layers = [task, ws, doc];
    if (layers.some((l) => l.tainted)) decl.tainted = true;

    const mode = pick(layers, 'exportMode');
    if (mode) {
      const value = mode.value['exportMode'] as ExportMode;
      decl.exportMode = this.written(mode, 'exportMode', value);
    }
    const status = pick(layers, 'exportObjectStatus');
    if (status) {
      decl.exportObjectStatus =
        status.value['exportObjectStatus'] as ObjectStatus;
    }
    const description = pick(layers, 'description');
    if (description) {
      decl.description = description.value['description'] as string;
    }
    this.incrementalSince(decl, pick(layers, 'incrementalSince'));
    return decl;
  }

  private incrementalSince(decl: TaskDecl, layer: Layer | undefined): void {
    if (!layer) return;
    const key = `${layer.path}.incrementalSince`;
    if (!this.since.has(key)) this.since.set(key, this.readSince(layer));
    const since = this.since.get(key);
    if (since) decl.incrementalSince = since;
    else decl.tainted = true;
  }

  /** Read a since value once per place; report it once if unreadable. */
  private readSince(layer: Layer): Written<number> | null {
    const raw = layer.value['incrementalSince'];
    // A value of the wrong type has its schema error already.
    if (this.taintedAt(layer.pointer, 'incrementalSince')) return null;
    if (typeof raw !== 'number' && typeof raw !== 'string') return null;
    let reading = this.readings.get(raw);
    if (!reading) {
      reading = readSince(raw);
      this.readings.set(raw, reading);
    }
    const where = this.written(layer, 'incrementalSince', raw);
    if (reading.ok) return { ...where, value: reading.epochMs };

    const code = reading.kind === 'impossible'
      ? 'SINCE_IMPOSSIBLE_DATE'
      : 'SINCE_INVALID';
    this.diagnostics.push(diagnostic(code, this.input.file, where.at,
      `incrementalSince cannot be read: ${reading.reason}`, {
        path: where.path,
        expected: 'epoch milliseconds or RFC 3339 with an offset',
        found: typeof raw === 'string' ? `"${raw}"` : String(raw),
        hint: reading.hint,
      }));
    return null;
  }
}

/** The first layer that sets `key`: the precedence of defaults. */
function pick(layers: readonly Layer[], key: string): Layer | undefined {
  return layers.find((l) => l.value[key] !== undefined &&
    l.value[key] !== null);
}
