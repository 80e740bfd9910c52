/**
 * Readers for request parameters. Each throws the ApiError the service
 * would answer with: Missing<Name> when absent, InvalidParameter when
 * malformed.
 */
import { invalidParameter, missingParameter } from './errors.js';

/** Form parameters of a call. */
export type Params = Map<string, string>;

const LONG_MAX = 2n ** 63n - 1n;

/** A required string parameter. */
export function requiredString(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** An optional string parameter; empty counts as absent. */
export function optionalString(
  params: Params,
  name: string,
): string | undefined {
  const value = params.get(name);
  return value === '' ? undefined : value;
}

/** A required long, kept exact as bigint. */
export function requiredLong(params: Params, name: string): bigint {
  return parseLong(name, requiredString(params, name));
}

/** An optional long, kept exact as bigint. */
export function optionalLong(params: Params, name: string): bigint | undefined {
  const value = optionalString(params, name);
  return value === undefined ? undefined : parseLong(name, value);
}

function parseLong(name: string, value: string): bigint {
  if (/^-?\d{1,19}$/.test(value)) {
    const parsed = BigInt(value);
    if (parsed >= -LONG_MAX - 1n && parsed <= LONG_MAX) return parsed;
  }
  throw invalidParameter(name, value, 'a 64-bit integer');
}

/** A required workspace or task ID: a positive long. */
export function requiredId(params: Params, name: string): bigint {
  const id = requiredLong(params, name);
  if (id > 0n) return id;
  throw invalidParameter(name, id.toString(), 'a positive integer');
}

/** A string out of a fixed set. */
export function requiredEnum<T extends string>(
  params: Params,
  name: string,
  allowed: readonly T[],
): T {
  return checkEnum(name, requiredString(params, name), allowed);
}

/** An optional string out of a fixed set. */
export function optionalEnum<T extends string>(
  params: Params,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(params, name);
  return value === undefined ? undefined : checkEnum(name, value, allowed);
}

function checkEnum<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T {
  if (allowed.includes(value as T)) return value as T;
  throw invalidParameter(name, value, `one of ${allowed.join(', ')}`);
}

/** An optional integer in [min, max], with a default. */
export function integerInRange(
  params: Params,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const value = optionalString(params, name);
  if (value === undefined) return range.fallback;

  const parsed = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (parsed >= range.min && parsed <= range.max) return parsed;
  throw invalidParameter(
    name,
    value,
    `an integer from ${range.min} to ${range.max}`,
  );
}
