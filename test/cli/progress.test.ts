import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import winston from 'winston';
import {
  ProgressCounter,
  createProgress,
  formatDuration,
  progressLine,
} from '../../src/cli/progress.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A logger that keeps what it is given, and prints `LOG message`. */
function captureLogger(stream = new PassThrough()) {
  const entries: Record<string, unknown>[] = [];
  const logger = winston.createLogger({
    format: winston.format.printf((info) => `LOG ${String(info.message)}`),
    transports: [new winston.transports.Stream({ stream })],
  });
  logger.on('data', (info: Record<string, unknown>) => entries.push(info));
  return { logger, entries };
}

function output(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  return () => text;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A progress display on a fake terminal of `columns`, and its output. */
function onTerminal(columns: number, total: number, level = 'info') {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  const written = output(stream);
  const { logger } = captureLogger(stream);
  logger.level = level;
  const progress = createProgress({ stream, isTTY: true, total, logger });
  return { stream, written, logger, progress };
}

/** The first draw comes one frame (200 ms) after the start. */
const firstFrame = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('progress counting', () => {
  it('counts each outcome and what remains', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(10, clock.now, 30_000);

    for (const o of ['created', 'created', 'existing', 'failed',
      'not-started', 'skipped']) {
      counter.record(o);
    }
    const p = counter.snapshot();

    assert.deepEqual(
      [p.done, p.created, p.existing, p.failed, p.notStarted, p.remaining],
      [5, 2, 1, 1, 1, 4],
    );
  });

  it('counts not-started tasks as stopped, not done', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(800, clock.now, 30_000);
    clock.advance(1000);
    for (let i = 0; i < 133; i++) counter.record('created');
    for (let i = 0; i < 667; i++) counter.record('not-started');

    const p = counter.snapshot();
    const line = progressLine(p);

    assert.equal(p.done, 133);
    assert.equal(p.remaining, 0);
    assert.equal(p.stopped, true);
    assert.equal(p.etaMs, null);
    assert.equal(line, '133/800 (16%) stopped | 133 created, 0 existing, ' +
      '0 failed, 667 not started, 0 to go');
  });

  it('has no rate and no ETA before any time has passed', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(10, clock.now, 30_000);

    const p = counter.snapshot();

    assert.equal(p.rate, null);
    assert.equal(p.etaMs, null);
  });

  it('takes the rate since the start while younger than the window', () => {
      const clock = fakeClock();
      const counter = new ProgressCounter(100, clock.now, 30_000);

      for (let i = 0; i < 10; i++) {
        clock.advance(1000);
        counter.record('created');
      }
      const p = counter.snapshot();

      assert.equal(p.rate, 1);
      assert.equal(p.etaMs, 90_000);
    });

  it('follows the current pace once early completions leave the window',
    () => {
      const clock = fakeClock();
      const counter = new ProgressCounter(100, clock.now, 10_000);
      for (let i = 0; i < 50; i++) counter.record('existing');
      clock.advance(10_000);

      const stalled = counter.snapshot();
      for (let i = 0; i < 5; i++) {
        clock.advance(1000);
        counter.record('created');
      }
      const resumed = counter.snapshot();

      assert.equal(stalled.rate, null);
      assert.equal(stalled.etaMs, null);
      assert.equal(resumed.rate, 0.5);
      assert.equal(resumed.etaMs, 90_000);
    });

  it('paces a rerun by the tasks that took a call, not those found', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(400, clock.now, 30_000);
    clock.advance(1000);
    for (let i = 0; i < 100; i++) counter.record('existing');
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      for (let j = 0; j < 5; j++) counter.record('created');
    }

    const p = counter.snapshot();

    assert.equal(p.rate, 100 / 21);
    assert.equal(p.etaMs, Math.round((200 / (100 / 21)) * 1000));
  });

  it('has no pace while no task took a call', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(20, clock.now, 30_000);
    clock.advance(2000);
    for (let i = 0; i < 10; i++) counter.record('existing');

    const p = counter.snapshot();

    assert.equal(p.rate, null);
    assert.equal(p.etaMs, null);
  });

  it('puts the ETA at zero when every task is done', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(1, clock.now, 30_000);

    counter.record('created');

    assert.equal(counter.snapshot().etaMs, 0);
  });

  it('stays correct over many completions in a long run', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(100_000, clock.now, 1000);

    for (let i = 0; i < 20_000; i++) {
      clock.advance(10);
      counter.record('created');
    }
    const p = counter.snapshot();

    assert.equal(p.rate, 100);
    assert.equal(p.remaining, 80_000);
    assert.equal(p.etaMs, 800_000);
  });

  it('words durations and the whole line compactly', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(4, clock.now, 30_000);
    clock.advance(2000);
    counter.record('created');
    counter.record('failed');

    const line = progressLine(counter.snapshot());

    assert.equal(formatDuration(null), 'unknown');
    assert.equal(formatDuration(9000), '9s');
    assert.equal(formatDuration(65_000), '1m05s');
    assert.equal(formatDuration(3_725_000), '1h02m');
    assert.equal(line, '2/4 (50%) 1.0/s ETA 2s | 1 created, 0 existing, ' +
      '1 failed, 0 not started, 2 to go');
  });

  it('picks the longest wording that fits, dropping whole parts', () => {
    const clock = fakeClock();
    const counter = new ProgressCounter(400, clock.now, 30_000);
    clock.advance(10_000);
    for (let i = 0; i < 50; i++) counter.record('created');
    const p = counter.snapshot();

    const widths = [80, 60, 40, 34, 30, 18, 10, 4].map((w) =>
      progressLine(p, w));

    assert.deepEqual(widths, [
      '50/400 (12%) 5.0/s ETA 1m10s | 50 created, 0 existing, 0 failed, ' +
        '350 to go',
      '50/400 5.0/s ETA 1m10s | 50 cr, 0 ex, 0 fail',
      '50/400 ETA 1m10s | 50 cr, 0 ex, 0 fail',
      '50/400 ETA 1m10s | 50 cr',
      '50/400 ETA 1m10s | 50 cr',
      '50/400 ETA 1m10s',
      '50/400',
      '',
    ]);
  });
});

describe('progress without a terminal', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('logs one progress line per interval and writes nothing else',
    async () => {
      const stream = new PassThrough();
      const written = output(stream);
      const { logger, entries } = captureLogger();
      const progress = createProgress({
        stream, isTTY: false, total: 5, logger, intervalMs: 10_000,
      });

      progress.update('created');
      progress.update('failed');
      mock.timers.tick(9_999);
      await flush();
      const early = entries.length;
      mock.timers.tick(1);
      progress.update('existing');
      mock.timers.tick(10_000);
      await flush();

      assert.equal(early, 0);
      assert.equal(entries.length, 2);
      assert.equal(entries[0]!.message, 'progress');
      assert.deepEqual(
        [entries[0]!.done, entries[0]!.failed, entries[1]!.done],
        [2, 1, 3],
      );
      assert.equal(entries[1]!.remaining, 2);
      assert.equal(written(), '');
      progress.stop();
    });

  it('logs nothing more once stopped', async () => {
    const { logger, entries } = captureLogger();
    const progress = createProgress({
      stream: new PassThrough(), isTTY: false, total: 5, logger,
    });

    progress.update('created');
    progress.stop();
    mock.timers.tick(60_000);
    await flush();

    assert.equal(entries.length, 0);
  });

  it('shows nothing at all when quiet', async () => {
    const stream = new PassThrough();
    const written = output(stream);
    const { logger, entries } = captureLogger();
    const progress = createProgress({
      stream, isTTY: false, total: 5, logger, quiet: true,
    });

    progress.update('created');
    mock.timers.tick(60_000);
    progress.stop();
    await flush();

    assert.equal(entries.length, 0);
    assert.equal(written(), '');
  });
});

describe('progress on a terminal', () => {
  it('draws nothing when the logger prints no info (--quiet)', async () => {
    const { written, progress } = onTerminal(200, 2, 'warn');

    progress.update('created');
    await firstFrame();
    progress.stop();
    await flush();

    assert.equal(written(), '');
  });

  it('draws a bar with the counts and ends it on a new line', async () => {
    const { written, progress } = onTerminal(200, 2);

    progress.update('created');
    progress.update('failed');
    progress.stop();
    await flush();

    assert.match(written(), /\[#+\] 2\/2 \(100%\) .* 1 created, 0 existing/);
    assert.ok(written().endsWith('\n'));
  });

  it('drops the bar and words the counts shorter on a narrow terminal',
    async () => {
      const { written, progress } = onTerminal(40, 2);

      progress.update('created');
      progress.stop();
      await flush();

      const lines = written().split(/\u001b\[1G/).map((l) =>
        l.replace(/\u001b\[[0-9;]*[A-Za-z]|\u001b[78]|\n/g, ''));
      assert.ok(lines.some((l) => l.startsWith('1/2 ') &&
        l.includes('1 cr, 0 ex, 0 fail')));
      assert.ok(lines.every((l) => l.length <= 39 && !l.includes('[')));
    });

  it('clears the bar line before a log line is printed', async () => {
    const { written, logger, progress } = onTerminal(200, 3);

    progress.update('created');
    await firstFrame();
    logger.warn('create failed');
    await flush();
    progress.stop();

    assert.ok(written().includes('\r\u001b[2KLOG create failed\n'));
  });

  it('leaves the bar alone for a log entry no transport prints', async () => {
    const { written, logger, progress } = onTerminal(200, 3);

    progress.update('created');
    await firstFrame();
    logger.debug('list page fetched');
    await flush();
    progress.stop();

    assert.ok(!written().includes('\u001b[2K'));
    assert.ok(!written().includes('list page fetched'));
  });

  it('clears the bar before any other stderr write and redraws it after',
    async () => {
      const { stream, written, progress } = onTerminal(200, 3);

      progress.update('created');
      await firstFrame();
      stream.write('dwmigrate: stopping\n');
      await flush();
      const after = written().split('dwmigrate: stopping\n')[1] ?? '';
      progress.stop();

      assert.ok(written().includes('\r\u001b[2Kdwmigrate: stopping\n'));
      assert.match(after, /\[#+-+\] 1\/3 /);
    });

  it('gives the stream its own write back when stopped', () => {
    const { stream, progress } = onTerminal(200, 1);

    const patched = Object.hasOwn(stream, 'write');
    progress.stop();

    assert.equal(patched, true);
    assert.equal(Object.hasOwn(stream, 'write'), false);
  });

  it('clears the rows a narrowed terminal wrapped the bar over', async () => {
    const { stream, written, progress } = onTerminal(200, 3);
    progress.update('created');
    await firstFrame();

    stream.columns = 40;
    stream.emit('resize');
    await flush();
    progress.stop();

    // The bar with the full wording is over 80 and at most 120 wide.
    assert.ok(written().includes('\u001b[2A\r\u001b[J'));
  });
});
