import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  daysInMonth,
  looksLikeSeconds,
  readSince,
} from '../../src/manifest/timestamps.js';

function epoch(text: string | number): number {
  const reading = readSince(text);
  assert.ok(reading.ok, `not read: ${JSON.stringify(reading)}`);
  return reading.epochMs;
}

function failure(text: string | number) {
  const reading = readSince(text);
  assert.ok(!reading.ok, `read as ${JSON.stringify(reading)}`);
  return reading;
}

describe('readSince', () => {
  it('reads an RFC 3339 timestamp with an offset', () => {
    assert.equal(epoch('2025-01-01T00:00:00+08:00'), 1735660800000);
    assert.equal(epoch('2024-12-31T16:00:00Z'), 1735660800000);
    assert.equal(epoch('2024-12-31t16:00:00z'), 1735660800000);
    assert.equal(epoch('2025-01-01 00:00:00+08:00'), 1735660800000);
  });

  it('keeps milliseconds and cuts finer fractions', () => {
    assert.equal(epoch('2025-01-01T00:00:00.123456Z'), 1735689600123);
    assert.equal(epoch('2025-01-01T00:00:00.5Z'), 1735689600500);
  });

  it('takes negative offsets west of UTC', () => {
    assert.equal(epoch('2025-01-01T00:00:00-05:30'),
      Date.UTC(2025, 0, 1, 5, 30));
  });

  it('takes epoch milliseconds as they are', () => {
    assert.equal(epoch(1735660800000), 1735660800000);
  });

  it('refuses a number beyond 2^53', () => {
    assert.equal(failure(2 ** 53 + 2).kind, 'invalid');
  });

  it('names the month and its length for a day that does not exist', () => {
    const reading = failure('2025-02-30T00:00:00Z');

    assert.equal(reading.kind, 'impossible');
    assert.match(reading.reason, /February 2025 has 28 days/);
  });

  it('accepts 29 February in a leap year only', () => {
    assert.equal(epoch('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.equal(failure('2100-02-29T00:00:00Z').kind, 'impossible');
  });

  it('refuses impossible months, hours, minutes and offsets', () => {
    for (const text of [
      '2025-13-01T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2025-01-01T00:00:00+24:00',
    ]) {
      assert.equal(failure(text).kind, 'impossible', text);
    }
  });

  it('asks for an offset when there is none', () => {
    const reading = failure('2025-01-01T08:00:00');

    assert.equal(reading.kind, 'invalid');
    assert.match(reading.hint ?? '', /\+08:00/);
  });

  it('asks for a time when given a date alone', () => {
    assert.match(failure('2025-01-01').hint ?? '', /2025-01-01T00:00:00/);
  });

  it('asks to unquote epoch milliseconds written as text', () => {
    assert.match(failure('1735660800000').hint ?? '', /quotes/);
  });

  it('refuses other text', () => {
    assert.equal(failure('last tuesday').kind, 'invalid');
  });
});

describe('calendar helpers', () => {
  it('knows the days of each month', () => {
    assert.equal(daysInMonth(2025, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(daysInMonth(2025, 4), 30);
    assert.equal(daysInMonth(2025, 12), 31);
  });

  it('recognises epoch seconds mistaken for milliseconds', () => {
    assert.equal(looksLikeSeconds(1735660800), true);
    assert.equal(looksLikeSeconds(1735660800000), false);
    assert.equal(looksLikeSeconds(5), false);
  });
});
