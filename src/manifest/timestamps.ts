/**
 * Reading `incrementalSince`: epoch milliseconds or an RFC 3339 timestamp
 * with an explicit offset. Dates are checked field by field because
 * `Date.parse` silently rolls 2025-02-30 over to March.
 */

/** The reading of a since value: epoch ms, or why it cannot be read. */
export type SinceReading =
  | { ok: true; epochMs: number }
  | {
      ok: false;
      kind: 'invalid' | 'impossible';
      reason: string;
      hint?: string;
    };

const RFC3339 = new RegExp('^(\\d{4})-(\\d{2})-(\\d{2})[Tt ]' +
  '(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$');
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December',
];

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Read an epoch-ms number or an RFC 3339 string. */
export function readSince(value: number | string): SinceReading {
  if (typeof value === 'number') return readEpoch(value);
  return readTimestamp(value.trim());
}

function readEpoch(value: number): SinceReading {
  if (!Number.isSafeInteger(value)) {
    return {
      ok: false,
      kind: 'invalid',
      reason: 'epoch milliseconds must be a whole number below 2^53',
    };
  }
  return { ok: true, epochMs: value };
}

function readTimestamp(text: string): SinceReading {
  const m = RFC3339.exec(text);
  if (!m) return whyNotTimestamp(text);

  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const impossible = checkFields(year, month, day, hour, minute, second);
  if (impossible) return { ok: false, kind: 'impossible', reason: impossible };

  const offset = readOffset(m[8] ?? 'Z');
  if (typeof offset === 'string') {
    return { ok: false, kind: 'impossible', reason: offset };
  }
  // Milliseconds: digits past the third are cut, never rounded up.
  const ms = Number(((m[7] ?? '.').slice(1) + '000').slice(0, 3));
  let epochMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0 to 99 to 1900 to 1999; move them back.
  if (year < 100) epochMs = shiftYear(epochMs, year);
  return { ok: true, epochMs: epochMs - offset * 60_000 };
}

function shiftYear(epochMs: number, year: number): number {
  const date = new Date(epochMs);
  date.setUTCFullYear(year);
  return date.getTime();
}

/** The reason a field is out of range, or undefined when all are fine. */
function checkFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    const name = MONTHS[month - 1] ?? String(month);
    return day < 1
      ? `there is no day ${day}`
      : `${name} ${year} has ${days} days, so day ${day} does not exist`;
  }
  if (hour > 23) return `there is no hour ${hour} (hours run 00 to 23)`;
  if (minute > 59) return `there is no minute ${minute} (00 to 59)`;
  // 60 is a leap second; Date rolls it into the next minute, as RFC 3339 asks.
  if (second > 60) return `there is no second ${second} (00 to 60)`;
  return undefined;
}

/** Offset in minutes east of UTC, or why it is impossible. */
function readOffset(text: string): number | string {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const hours = Number(text.slice(1, 3));
  const minutes = Number(text.slice(4, 6));
  if (hours > 23 || minutes > 59) return `the offset ${text} does not exist`;
  return sign * (hours * 60 + minutes);
}

function whyNotTimestamp(text: string): SinceReading {
  const example = '2025-01-01T00:00:00+08:00';
  if (DATE_ONLY.test(text)) {
    return {
      ok: false,
      kind: 'invalid',
      reason: 'a date alone is ambiguous: it needs a time and an offset',
      hint: `write it as ${text}T00:00:00+08:00 (or Z for UTC)`,
    };
  }
  if (NO_OFFSET.test(text)) {
    return {
      ok: false,
      kind: 'invalid',
      reason: 'the timestamp has no offset, so its moment is ambiguous',
      hint: 'add Z for UTC or an offset such as +08:00 (China Standard Time)',
    };
  }
  if (/^\d+$/.test(text)) {
    return {
      ok: false,
      kind: 'invalid',
      reason: 'epoch milliseconds must be written as a number, not text',
      hint: 'remove the quotes',
    };
  }
  return {
    ok: false,
    kind: 'invalid',
    reason: 'not an RFC 3339 timestamp',
    hint: `use epoch milliseconds or a timestamp like ${example}`,
  };
}

/** The instant before which no DataWorks workspace existed. */
export const EARLIEST_SINCE_MS = Date.UTC(2009, 0, 1);

/** An epoch value that is plausible as seconds but not as milliseconds. */
export function looksLikeSeconds(epochMs: number): boolean {
  return epochMs >= EARLIEST_SINCE_MS / 1000 && epochMs < 1e11;
}
