/**
 * The emulator's configuration: accounts, workspaces, regions, limits,
 * faults and task behaviour. Read from YAML (`--config FILE`) or passed in
 * code; either way it goes through parseConfig, which returns a normalised
 * config or the full list of problems, never half of each.
 */
import { readFile } from 'node:fs/promises';
import {
  isMap,
  isNode,
  isScalar,
  LineCounter,
  parseDocument,
  type Document,
} from 'yaml';
import { UsageError } from '../errors.js';
import { problems } from '../plural.js';
import {
  checkKeys,
  isRecord,
  Problems,
  readBoolean,
  readEnum,
  readNumber,
  readString,
  show,
  toDecimal,
  type ConfigPath,
  type ConfigProblem,
} from './config-checks.js';

/** An AccessKey the emulator accepts. */
export interface AccountConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, every call must carry it in `x-acs-security-token` (STS). */
  securityToken?: string;
  /** A disabled key gets 400 InvalidAccessKeyId.Inactive. */
  disabled?: boolean;
  /** Shown as CreateUser; default the AccessKey ID. */
  name?: string;
}

/** A workspace (DataWorks project) the emulator knows. */
export interface WorkspaceConfig {
  /** Exact decimal; give a string (or YAML integer) above 2^53. */
  projectId: string | number | bigint;
  region: string;
  /** AccessKey IDs allowed to use it; absent = every account. */
  accounts?: string[];
}

/** A per-region listener and its own limits. */
export interface RegionConfig {
  /** Port of a listener that serves only this region; 0 = any free port. */
  port?: number;
  writeQps?: number;
  readQps?: number;
}

/** Default rates, per account and region. */
export interface LimitsConfig {
  /** Create* and Start* calls per second; default 20 (Enterprise). */
  writeQps?: number;
  /** Get* and List* calls per second; default 50 (Enterprise). */
  readQps?: number;
}

/** Inclusive range of milliseconds. */
export interface LatencyRange {
  min: number;
  max: number;
}

/** What happens to a lost response: socket destroyed, or reply held. */
export type LoseMode = 'reset' | 'delay';

/** Injected faults; each rate is a probability per signed call. */
export interface FaultsConfig {
  /** Seed of the fault draws; default "1". */
  seed?: string | number;
  /** Added delay: "MS", "MIN-MAX", a number or {min, max}. */
  latency?: string | number | LatencyRange;
  /** 500 InternalError.System or 503 ServiceUnavailable, before effect. */
  errorRate?: number;
  /** Connection reset without a response, before effect. */
  resetRate?: number;
  /** The call takes effect, then its response is lost. */
  loseRate?: number;
  /** How a response is lost; default "reset". */
  loseMode?: LoseMode;
  /** How long a "delay" reply is held; default 10000 ms. */
  loseDelayMs?: number;
  /** An HTML 502 page as a proxy sends it, before effect. */
  html502Rate?: number;
}

/** What to do with a second task of the same name in one workspace. */
export type DuplicateNames = 'reject' | 'allow';

/** How tasks behave. */
export interface MigrationsConfig {
  /** Default "reject": 400 InvalidParameter. */
  duplicateNames?: DuplicateNames;
  /** First task ID; default 1000001. Exact decimal above 2^53. */
  idStart?: string | number | bigint;
  /** How long a started export runs; default 2000 ms. */
  exportMs?: number;
  /** Share of started exports that end in EXPORT_ERROR; default 0. */
  exportErrorRate?: number;
}

/** Everything a config file may hold. */
export interface EmulatorConfig {
  accounts?: AccountConfig[];
  workspaces?: WorkspaceConfig[];
  regions?: Record<string, RegionConfig>;
  limits?: LimitsConfig;
  faults?: FaultsConfig;
  migrations?: MigrationsConfig;
}

/** A workspace after normalisation. */
export interface NormalWorkspace {
  projectId: string;
  region: string;
  accounts?: string[];
}

/** A config after parseConfig: IDs as exact decimal strings. */
export interface NormalConfig {
  accounts?: AccountConfig[];
  workspaces: NormalWorkspace[];
  regions: Record<string, RegionConfig>;
  limits: LimitsConfig;
  faults: Omit<FaultsConfig, 'latency' | 'seed'> & {
    seed?: string;
    latency?: LatencyRange;
  };
  migrations: Omit<MigrationsConfig, 'idStart'> & { idStart?: bigint };
}

/** The result of parseConfig. */
export type ConfigResult =
  | { ok: true; config: NormalConfig }
  | { ok: false; problems: ConfigProblem[] };

export type { ConfigProblem } from './config-checks.js';

const TOP_KEYS = [
  'accounts',
  'workspaces',
  'regions',
  'limits',
  'faults',
  'migrations',
] as const;

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** Check and normalise a config value; every problem is reported. */
export function parseConfig(raw: unknown): ConfigResult {
  const problems = new Problems();
  const obj = raw ?? {};
  if (!isRecord(obj)) {
    problems.add([], `expected a mapping at the top, found ${show(obj)}`);
    return { ok: false, problems: problems.list };
  }
  checkKeys(obj, TOP_KEYS, [], problems);

  const accounts = readAccounts(obj['accounts'], problems);
  const config: NormalConfig = {
    accounts,
    workspaces: readWorkspaces(obj['workspaces'], problems),
    regions: readRegions(obj['regions'], problems),
    limits: readLimits(obj['limits'], ['limits'], problems),
    faults: readFaults(obj['faults'], problems),
    migrations: readMigrations(obj['migrations'], problems),
  };
  checkWorkspaceAccounts(config, problems);

  if (problems.list.length > 0) return { ok: false, problems: problems.list };
  return { ok: true, config };
}

function readList(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  problems.add(path, `expected a list, found ${show(value)}`);
  return [];
}

function readAccounts(
  value: unknown,
  problems: Problems,
): AccountConfig[] | undefined {
  if (value === undefined || value === null) return undefined;

  const seen = new Set<string>();
  const accounts: AccountConfig[] = [];
  readList(value, ['accounts'], problems).forEach((item, index) => {
    const account = readAccount(item, ['accounts', index], problems);
    if (!account) return;
    if (seen.has(account.accessKeyId)) {
      problems.add(
        ['accounts', index, 'accessKeyId'],
        `duplicate accessKeyId "${account.accessKeyId}"`,
      );
    }
    seen.add(account.accessKeyId);
    accounts.push(account);
  });
  return accounts;
}

const ACCOUNT_KEYS = [
  'accessKeyId',
  'accessKeySecret',
  'securityToken',
  'disabled',
  'name',
];

/** Check one account entry (also used by the admin endpoint). */
export function readAccount(
  item: unknown,
  path: ConfigPath,
  problems: Problems,
): AccountConfig | undefined {
  if (!isRecord(item)) {
    problems.add(path, `expected a mapping, found ${show(item)}`);
    return undefined;
  }
  checkKeys(item, ACCOUNT_KEYS, path, problems);

  const accessKeyId = readString(item, 'accessKeyId', path, problems);
  const accessKeySecret = readString(item, 'accessKeySecret', path, problems);
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    if (item['accessKeyId'] === undefined) {
      problems.add([...path, 'accessKeyId'], 'accessKeyId is required');
    }
    if (item['accessKeySecret'] === undefined) {
      problems.add([...path, 'accessKeySecret'], 'accessKeySecret is required');
    }
    return undefined;
  }
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: readString(item, 'securityToken', path, problems),
    disabled: readBoolean(item, 'disabled', path, problems),
    name: readString(item, 'name', path, problems),
  };
}

function readWorkspaces(
  value: unknown,
  problems: Problems,
): NormalWorkspace[] {
  const seen = new Set<string>();
  const workspaces: NormalWorkspace[] = [];
  readList(value, ['workspaces'], problems).forEach((item, index) => {
    const path = ['workspaces', index];
    const workspace = readWorkspace(item, path, problems);
    if (!workspace) return;
    if (seen.has(workspace.projectId)) {
      problems.add(
        [...path, 'projectId'],
        `duplicate projectId ${workspace.projectId}`,
      );
    }
    seen.add(workspace.projectId);
    workspaces.push(workspace);
  });
  return workspaces;
}

/** Check one workspace entry (also used by the admin endpoint). */
export function readWorkspace(
  item: unknown,
  path: ConfigPath,
  problems: Problems,
): NormalWorkspace | undefined {
  if (!isRecord(item)) {
    problems.add(path, `expected a mapping, found ${show(item)}`);
    return undefined;
  }
  checkKeys(item, ['projectId', 'region', 'accounts'], path, problems);

  const projectId = toDecimal(item['projectId']);
  if (projectId === undefined || projectId === '0') {
    problems.add(
      [...path, 'projectId'],
      'expected a positive integer (a string above 2^53), found ' +
        show(item['projectId']),
    );
  }
  const region = readRegionName(item['region'], [...path, 'region'], problems);
  const accounts = readKeyList(
    item['accounts'],
    [...path, 'accounts'],
    problems,
  );
  if (projectId === undefined || region === undefined) return undefined;
  return accounts ? { projectId, region, accounts } : { projectId, region };
}

function readRegionName(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): string | undefined {
  if (typeof value === 'string' && REGION.test(value)) return value;
  problems.add(
    path,
    `expected a region such as cn-shanghai, found ${show(value)}`,
  );
  return undefined;
}

function readKeyList(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = readList(value, path, problems);
  const ok = list.every((item) => typeof item === 'string' && item !== '');
  if (ok) return list as string[];
  problems.add(path, 'expected a list of AccessKey IDs');
  return undefined;
}

function checkWorkspaceAccounts(
  config: NormalConfig,
  problems: Problems,
): void {
  const known = new Set(
    (config.accounts ?? []).map((account) => account.accessKeyId),
  );
  if (!config.accounts) known.add('dwmigrate-demo');

  config.workspaces.forEach((workspace, index) => {
    for (const id of workspace.accounts ?? []) {
      if (known.has(id)) continue;
      problems.add(
        ['workspaces', index, 'accounts'],
        `unknown accessKeyId "${id}"; declare it under accounts`,
      );
    }
  });
}

const QPS = { min: 0, minInclusive: false } as const;

function readLimits(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): LimitsConfig {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.add(path, `expected a mapping, found ${show(value)}`);
    return {};
  }
  checkKeys(value, ['writeQps', 'readQps'], path, problems);
  return {
    writeQps: readNumber(value, 'writeQps', path, problems, QPS),
    readQps: readNumber(value, 'readQps', path, problems, QPS),
  };
}

function readRegions(
  value: unknown,
  problems: Problems,
): Record<string, RegionConfig> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.add(['regions'], `expected a mapping, found ${show(value)}`);
    return {};
  }
  const regions: Record<string, RegionConfig> = {};
  for (const [name, item] of Object.entries(value)) {
    const path = ['regions', name];
    if (!REGION.test(name)) {
      problems.add(path, `"${name}" is not a region name such as cn-shanghai`);
    }
    const region = readRegion(item, path, problems);
    if (region) regions[name] = region;
  }
  return regions;
}

function readRegion(
  item: unknown,
  path: ConfigPath,
  problems: Problems,
): RegionConfig | undefined {
  if (item === null || item === undefined) return {};
  if (!isRecord(item)) {
    problems.add(path, `expected a mapping, found ${show(item)}`);
    return undefined;
  }
  checkKeys(item, ['port', 'writeQps', 'readQps'], path, problems);
  const port = { min: 0, max: 65535, integer: true };
  return {
    port: readNumber(item, 'port', path, problems, port),
    ...readLimits({ writeQps: item['writeQps'], readQps: item['readQps'] },
      path, problems),
  };
}

/** The keys of `faults`, in the config file and as flat options. */
export const FAULT_KEYS = [
  'seed',
  'latency',
  'errorRate',
  'resetRate',
  'loseRate',
  'loseMode',
  'loseDelayMs',
  'html502Rate',
] as const;
const RATE = { min: 0, max: 1 };

function readFaults(
  value: unknown,
  problems: Problems,
): NormalConfig['faults'] {
  const path = ['faults'];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.add(path, `expected a mapping, found ${show(value)}`);
    return {};
  }
  checkKeys(value, FAULT_KEYS, path, problems);

  const faults: NormalConfig['faults'] = {
    seed: readSeed(value['seed'], [...path, 'seed'], problems),
    latency: readLatency(value['latency'], [...path, 'latency'], problems),
    errorRate: readNumber(value, 'errorRate', path, problems, RATE),
    resetRate: readNumber(value, 'resetRate', path, problems, RATE),
    loseRate: readNumber(value, 'loseRate', path, problems, RATE),
    loseMode: readEnum(value, 'loseMode', ['reset', 'delay'], path, problems),
    loseDelayMs: readNumber(value, 'loseDelayMs', path, problems, {
      min: 0,
      integer: true,
    }),
    html502Rate: readNumber(value, 'html502Rate', path, problems, RATE),
  };
  const total = faultRateSum(faults);
  if (total > 1) {
    problems.add(path, `the fault rates add up to ${total}; at most 1`);
  }
  return faults;
}

/** Sum of the per-call fault rates, which must not exceed 1. */
export function faultRateSum(faults: {
  errorRate?: number;
  resetRate?: number;
  loseRate?: number;
  html502Rate?: number;
}): number {
  const rates = [
    faults.errorRate,
    faults.resetRate,
    faults.loseRate,
    faults.html502Rate,
  ];
  return rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
}

function readSeed(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  problems.add(path, `expected a number or string, found ${show(value)}`);
  return undefined;
}

function readLatency(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): LatencyRange | undefined {
  if (value === undefined || value === null) return undefined;

  const range = toLatency(value);
  if (range) return range;
  problems.add(
    path,
    'expected milliseconds as "MS", "MIN-MAX" or {min, max}, found ' +
      show(value),
  );
  return undefined;
}

function toLatency(value: unknown): LatencyRange | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return parseLatency(String(value));
  }
  if (typeof value === 'string') return parseLatency(value);
  if (!isRecord(value)) return undefined;

  const min = Number(value['min']);
  const max = Number(value['max']);
  return validRange(min, max) ? { min, max } : undefined;
}

/** Parse "MS" or "MIN-MAX" (milliseconds); undefined when malformed. */
export function parseLatency(text: string): LatencyRange | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return undefined;

  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return validRange(min, max) ? { min, max } : undefined;
}

function validRange(min: number, max: number): boolean {
  return Number.isInteger(min) && Number.isInteger(max) && min >= 0 &&
    max >= min;
}

const MIGRATION_KEYS = [
  'duplicateNames',
  'idStart',
  'exportMs',
  'exportErrorRate',
];

function readMigrations(
  value: unknown,
  problems: Problems,
): NormalConfig['migrations'] {
  const path = ['migrations'];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.add(path, `expected a mapping, found ${show(value)}`);
    return {};
  }
  checkKeys(value, MIGRATION_KEYS, path, problems);

  return {
    duplicateNames: readEnum(
      value,
      'duplicateNames',
      ['reject', 'allow'],
      path,
      problems,
    ),
    idStart: readIdStart(value['idStart'], [...path, 'idStart'], problems),
    exportMs: readNumber(value, 'exportMs', path, problems, {
      min: 0,
      integer: true,
    }),
    exportErrorRate: readNumber(value, 'exportErrorRate', path, problems, RATE),
  };
}

function readIdStart(
  value: unknown,
  path: ConfigPath,
  problems: Problems,
): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  const decimal = toDecimal(value);
  if (decimal !== undefined && decimal !== '0') return BigInt(decimal);
  problems.add(
    path,
    `expected a positive integer below 2^63, found ${show(value)}`,
  );
  return undefined;
}

/** Read, parse and check a YAML config file; UsageError lists problems. */
export async function loadConfigFile(file: string): Promise<NormalConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read emulator config ${file}: ${reason}`);
  }
  return parseConfigText(text, file);
}

/** Parse and check YAML config text; `file` is only used in messages. */
export function parseConfigText(text: string, file: string): NormalConfig {
  const lines = new LineCounter();
  // Integers as bigint, so a projectId above 2^53 stays exact.
  const doc = parseDocument(text, { lineCounter: lines, intAsBigInt: true });
  if (doc.errors.length > 0) {
    const list = doc.errors.map((error) => `  ${file}: ${error.message}`);
    throw configError(file, list);
  }

  const result = parseConfig(doc.toJS());
  if (result.ok) return result.config;

  const list = result.problems.map((problem) => {
    const offset = problem.atKey
      ? keyOffset(doc, problem.path)
      : offsetOf(doc, problem.path);
    const { line, col } = lines.linePos(offset);
    return `  ${file}:${line}:${col} ${formatPath(problem.path)}: ` +
      problem.message;
  });
  throw configError(file, list);
}

/** Offset of the deepest node on the path that exists in the document. */
function offsetOf(doc: Document, path: ConfigPath): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** Offset of the key that ends the path (for unknown keys). */
function keyOffset(doc: Document, path: ConfigPath): number {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1)) : doc.contents;
  const key = path[path.length - 1];
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        return pair.key.range[0];
      }
    }
  }
  return offsetOf(doc, path);
}

function configError(file: string, list: string[]): UsageError {
  return new UsageError(
    `invalid emulator config ${file} (${problems(list.length)}):\n` +
      list.join('\n'),
    'EMULATOR_CONFIG',
  );
}

/** `workspaces[2].region` from a path. */
export function formatPath(path: ConfigPath): string {
  if (path.length === 0) return '(top)';
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join('');
}
