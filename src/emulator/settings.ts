/**
 * Turn EmulatorOptions (config plus flat overrides) into one checked,
 * defaulted Settings object. Flat options win over the config.
 */
import { UsageError } from '../errors.js';
import { problems } from '../plural.js';
import {
  FAULT_KEYS,
  formatPath,
  parseConfig,
  type AccountConfig,
  type DuplicateNames,
  type EmulatorConfig,
  type LatencyRange,
  type LoseMode,
  type NormalConfig,
  type NormalWorkspace,
} from './config.js';
import type { EmulatorOptions } from './options.js';
import { DEFAULT_READ_TIMEOUT_MS } from '../api/timeouts.js';

/** The demo key ID, accepted when no accounts are configured. */
export const DEMO_ACCESS_KEY_ID = 'dwmigrate-demo';
/** The secret of the demo key. */
export const DEMO_ACCESS_KEY_SECRET = 'dwmigrate-demo-secret';

/** Published Enterprise-edition rates (API contract, "Rate limits"). */
export const DEFAULT_RATES = { writeQps: 20, readQps: 50 } as const;

/**
 * How long lose-mode 'delay' holds a reply: dwmigrate's default --timeout
 * plus a 5 s margin, so that the client gives up first and the reply
 * really is lost. A client with a longer timeout needs a longer
 * `loseDelayMs`.
 */
export const DEFAULT_LOSE_DELAY_MS = DEFAULT_READ_TIMEOUT_MS + 5_000;

/** Call rates for one region. */
export interface Rates {
  writeQps: number;
  readQps: number;
}

/** Fault settings after defaults. */
export interface FaultSettings {
  seed: string;
  latency?: LatencyRange;
  errorRate: number;
  resetRate: number;
  loseRate: number;
  loseMode: LoseMode;
  loseDelayMs: number;
  html502Rate: number;
}

/** Everything the emulator runs with. */
export interface Settings {
  accounts: AccountConfig[];
  workspaces: NormalWorkspace[];
  /** Region → listener port. */
  regionPorts: Map<string, number>;
  rates: Rates;
  regionRates: Map<string, Rates>;
  faults: FaultSettings;
  duplicateNames: DuplicateNames;
  idStart: bigint;
  exportMs: number;
  exportErrorRate: number;
}

/** Check options and config together; UsageError lists every problem. */
export function resolveSettings(options: EmulatorOptions): Settings {
  const result = parseConfig(mergeOptions(options));
  if (!result.ok) {
    const list = result.problems.map(
      (problem) => `  ${formatPath(problem.path)}: ${problem.message}`,
    );
    throw new UsageError(
      `invalid emulator settings (${problems(list.length)}):\n` +
        list.join('\n'),
      'EMULATOR_CONFIG',
    );
  }
  return withDefaults(result.config);
}

/** The config with the flat options written into it. */
function mergeOptions(options: EmulatorOptions): EmulatorConfig {
  const config = options.config ?? {};
  const regions = { ...config.regions };
  for (const [name, port] of Object.entries(options.regionPorts ?? {})) {
    regions[name] = { ...regions[name], port };
  }
  return {
    ...config,
    workspaces: mergeWorkspaces(config, options),
    regions,
    limits: pick({ ...config.limits }, options, ['writeQps', 'readQps']),
    faults: pick({ ...config.faults }, options, FAULT_KEYS),
    migrations: pick({ ...config.migrations }, options, [
      'duplicateNames',
      'idStart',
      'exportMs',
      'exportErrorRate',
    ]),
  };
}

/** Copy the options that are set onto `target`. */
function pick<T extends object>(
  target: T,
  options: EmulatorOptions,
  keys: readonly (keyof EmulatorOptions & keyof T)[],
): T {
  for (const key of keys) {
    const value = options[key];
    if (value !== undefined) Object.assign(target, { [key]: value });
  }
  return target;
}

function mergeWorkspaces(
  config: EmulatorConfig,
  options: EmulatorOptions,
): EmulatorConfig['workspaces'] {
  const list = [...(config.workspaces ?? [])];
  const seen = new Set(list.map((w) => String(w.projectId)));
  for (const workspace of options.workspaces ?? []) {
    if (seen.has(String(workspace.projectId))) continue;
    seen.add(String(workspace.projectId));
    list.push(workspace);
  }
  return list;
}

function withDefaults(config: NormalConfig): Settings {
  const rates: Rates = {
    writeQps: config.limits.writeQps ?? DEFAULT_RATES.writeQps,
    readQps: config.limits.readQps ?? DEFAULT_RATES.readQps,
  };
  const regionPorts = new Map<string, number>();
  const regionRates = new Map<string, Rates>();
  for (const [name, region] of Object.entries(config.regions)) {
    if (region.port !== undefined) regionPorts.set(name, region.port);
    regionRates.set(name, {
      writeQps: region.writeQps ?? rates.writeQps,
      readQps: region.readQps ?? rates.readQps,
    });
  }
  return {
    accounts: config.accounts ?? [demoAccount()],
    workspaces: config.workspaces,
    regionPorts,
    rates,
    regionRates,
    faults: faultDefaults(config.faults),
    duplicateNames: config.migrations.duplicateNames ?? 'reject',
    idStart: config.migrations.idStart ?? 1000001n,
    exportMs: config.migrations.exportMs ?? 2000,
    exportErrorRate: config.migrations.exportErrorRate ?? 0,
  };
}

function demoAccount(): AccountConfig {
  return {
    accessKeyId: DEMO_ACCESS_KEY_ID,
    accessKeySecret: DEMO_ACCESS_KEY_SECRET,
    name: 'demo',
  };
}

function faultDefaults(faults: NormalConfig['faults']): FaultSettings {
  return {
    seed: faults.seed ?? '1',
    latency: faults.latency,
    errorRate: faults.errorRate ?? 0,
    resetRate: faults.resetRate ?? 0,
    loseRate: faults.loseRate ?? 0,
    loseMode: faults.loseMode ?? 'reset',
    loseDelayMs: faults.loseDelayMs ?? DEFAULT_LOSE_DELAY_MS,
    html502Rate: faults.html502Rate ?? 0,
  };
}
