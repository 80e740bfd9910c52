/**
 * Small readers for untyped config values. Each reads one field, records a
 * problem with its path when the value is wrong, and returns undefined then,
 * so that one pass reports every problem of a file at once.
 */

/** Where a value sits in the config, e.g. `['workspaces', 2, 'region']`. */
export type ConfigPath = (string | number)[];

/** One thing wrong with a config. */
export interface ConfigProblem {
  path: ConfigPath;
  message: string;
  /** The problem is the key itself (unknown key), not its value. */
  atKey?: boolean;
}

/** Collects problems while a config is read. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  add(path: ConfigPath, message: string, atKey = false): void {
    this.list.push(atKey ? { path, message, atKey } : { path, message });
  }
}

/** A plain object (what a YAML mapping parses to). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Report every key that is not in `allowed`. */
export function checkKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  path: ConfigPath,
  problems: Problems,
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    problems.add(
      [...path, key],
      `unknown key "${key}"; expected one of: ${allowed.join(', ')}`,
      true,
    );
  }
}

/** An optional non-empty string. */
export function readString(
  obj: Record<string, unknown>,
  key: string,
  path: ConfigPath,
  problems: Problems,
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  problems.add(
    [...path, key],
    `expected a non-empty string, found ${show(value)}`,
  );
  return undefined;
}

/** An optional boolean. */
export function readBoolean(
  obj: Record<string, unknown>,
  key: string,
  path: ConfigPath,
  problems: Problems,
): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  problems.add([...path, key], `expected true or false, found ${show(value)}`);
  return undefined;
}

/** Limits for readNumber. */
export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
  /** Whether `min` itself is allowed; default true. */
  minInclusive?: boolean;
}

/** An optional number within a range (YAML may hand over a bigint). */
export function readNumber(
  obj: Record<string, unknown>,
  key: string,
  path: ConfigPath,
  problems: Problems,
  rule: NumberRule,
): number | undefined {
  const raw = obj[key];
  if (raw === undefined || raw === null) return undefined;

  const value = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof value === 'number' && fitsRule(value, rule)) return value;

  problems.add(
    [...path, key],
    `expected ${describeRule(rule)}, found ${show(raw)}`,
  );
  return undefined;
}

function fitsRule(value: number, rule: NumberRule): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.minInclusive === false ? value <= rule.min : value < rule.min) {
    return false;
  }
  return rule.max === undefined || value <= rule.max;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const low = rule.minInclusive === false ? `> ${rule.min}` : `>= ${rule.min}`;
  const high = rule.max === undefined ? '' : ` and <= ${rule.max}`;
  return `${kind} ${low}${high}`;
}

/** An optional value out of a fixed set of strings. */
export function readEnum<T extends string>(
  obj: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  path: ConfigPath,
  problems: Problems,
): T | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (allowed.includes(value as T)) return value as T;
  problems.add(
    [...path, key],
    `expected one of ${allowed.join(', ')}, found ${show(value)}`,
  );
  return undefined;
}

/** A non-negative integer written as digits: number, bigint or string. */
export function toDecimal(value: unknown): string | undefined {
  if (typeof value === 'bigint') {
    return value >= 0n ? value.toString() : undefined;
  }
  if (typeof value === 'number') {
    const ok = Number.isSafeInteger(value) && value >= 0;
    return ok ? String(value) : undefined;
  }
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) {
    const parsed = BigInt(value);
    return parsed <= 2n ** 63n - 1n ? parsed.toString() : undefined;
  }
  return undefined;
}

/** A value as it should appear in a message. */
export function show(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return String(value);
}
