/**
 * Options of startEmulator. Flat options override the same setting in
 * `config`; everything has a default, so `startEmulator()` alone works.
 */
import type { Clock } from './clock.js';
import type {
  DuplicateNames,
  EmulatorConfig,
  FaultsConfig,
  WorkspaceConfig,
} from './config.js';

/** The part of a winston Logger the emulator uses. */
export interface EmulatorLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** How to start an emulator; the fault fields are those of the config. */
export interface EmulatorOptions extends FaultsConfig {
  /** Address to listen on; default '127.0.0.1'. */
  host?: string;
  /** Main port, serving every region; default 0 = a random free port. */
  port?: number;
  /** JSON state persisted atomically; absent = in memory only. */
  stateFile?: string;
  /** Accounts, workspaces, regions, limits, faults, task behaviour. */
  config?: EmulatorConfig;
  /** More workspaces, e.g. from --seed-manifests; a known ID is skipped. */
  workspaces?: WorkspaceConfig[];
  /** Per-region listeners, region → port (0 = any); adds to config. */
  regionPorts?: Record<string, number>;
  /** Default 'reject'. */
  duplicateNames?: DuplicateNames;
  /** First task ID; default 1000001. */
  idStart?: bigint | string | number;
  /** Write calls per second per account and region; default 20. */
  writeQps?: number;
  /** Read calls per second per account and region; default 50. */
  readQps?: number;
  /** How long a started export runs; default 2000 ms. */
  exportMs?: number;
  /** Share of exports that end in EXPORT_ERROR; default 0. */
  exportErrorRate?: number;
  /** Time source; default the wall clock. Tests pass a ManualClock. */
  clock?: Clock;
  /** Receives one debug line per request and the startup line. */
  logger?: EmulatorLogger;
  /** Entries kept by GET /__emulator/requests; default 1,000,000. */
  requestLogLimit?: number;
}
