/**
 * Progress of a long run. On a terminal, a live bar on stderr; anywhere
 * else (cron, CI), one log line at a steady interval, because a redrawn
 * line in a log file is noise. Counting, rate and ETA live in a clock-
 * injected counter so they can be tested without waiting.
 */
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type winston from 'winston';

/** How createProgress displays progress. */
export interface ProgressOptions {
  /** Where the live bar goes: stderr, as logs do. */
  stream: Writable;
  /** True on a terminal: live bar. False: periodic log lines. */
  isTTY: boolean;
  /** Tasks in the run. */
  total: number;
  /** Without a terminal, time between log lines; default 10 000 ms. */
  intervalMs?: number;
  logger: winston.Logger;
  /** Show nothing at all (--quiet); counting still happens. */
  quiet?: boolean;
  /** Clock in milliseconds; default Date.now. For tests. */
  now?: () => number;
  /** Span of the sliding window the rate is taken over; default 30 s. */
  windowMs?: number;
}

/** The handle a run reports its task outcomes to. */
export interface Progress {
  /** One task is done, with this outcome. */
  update(outcome: string): void;
  /** Final state: stop the bar or the log lines. Safe to call twice. */
  stop(): void;
}

/** Counts, rate and ETA at one moment. */
export interface ProgressSnapshot {
  total: number;
  done: number;
  remaining: number;
  created: number;
  existing: number;
  failed: number;
  notStarted: number;
  /** Tasks per second over the sliding window; null before any time. */
  rate: number | null;
  /** Milliseconds left at the current rate; null when unknown. */
  etaMs: number | null;
}

export const DEFAULT_INTERVAL_MS = 10_000;
export const DEFAULT_WINDOW_MS = 30_000;

/**
 * Counts outcomes and measures the rate over a sliding window, so the ETA
 * follows the current pace (throttling, a slow region) rather than the
 * average since the start.
 */
export class ProgressCounter {
  readonly #total: number;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #startedAt: number;
  readonly #counts = new Map<string, number>();
  /** Completion times inside the window, oldest first from #head. */
  #times: number[] = [];
  #head = 0;
  #done = 0;

  constructor(total: number, now: () => number, windowMs: number) {
    this.#total = total;
    this.#now = now;
    this.#windowMs = windowMs;
    this.#startedAt = now();
  }

  /** Count one finished task. */
  record(outcome: string): void {
    this.#done += 1;
    this.#counts.set(outcome, (this.#counts.get(outcome) ?? 0) + 1);
    this.#times.push(this.#now());
  }

  /** Counts, rate and ETA as of now. */
  snapshot(): ProgressSnapshot {
    const now = this.#now();
    const rate = this.#rate(now);
    const remaining = Math.max(0, this.#total - this.#done);
    return {
      total: this.#total,
      done: this.#done,
      remaining,
      created: this.#count('created'),
      existing: this.#count('existing'),
      failed: this.#count('failed'),
      notStarted: this.#count('not-started'),
      rate,
      etaMs: etaOf(remaining, rate),
    };
  }

  #count(outcome: string): number {
    return this.#counts.get(outcome) ?? 0;
  }

  #rate(now: number): number | null {
    this.#forgetBefore(now - this.#windowMs);
    const span = Math.min(this.#windowMs, now - this.#startedAt);
    if (span <= 0) return null;
    return ((this.#times.length - this.#head) * 1000) / span;
  }

  /** Drop completions older than the window; compact now and then. */
  #forgetBefore(limit: number): void {
    while (this.#head < this.#times.length &&
      this.#times[this.#head]! <= limit) {
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}

function etaOf(remaining: number, rate: number | null): number | null {
  if (remaining === 0) return 0;
  if (rate === null || rate <= 0) return null;
  return Math.round((remaining / rate) * 1000);
}

/** `3725000` as `1h02m`, `65000` as `1m05s`, `9000` as `9s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return 'unknown';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${two(m)}m`;
  if (m > 0) return `${m}m${two(s % 60)}s`;
  return `${s}s`;
}

/**
 * The progress as one line of text, most useful first (position, pace,
 * ETA, then counts) so that a narrow terminal cuts the least useful part.
 */
export function progressLine(p: ProgressSnapshot): string {
  const rate = p.rate === null ? '-' : p.rate.toFixed(1);
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  return `${p.done}/${p.total} (${percent}%) ${rate}/s ` +
    `ETA ${formatDuration(p.etaMs)} | ${p.created} created, ` +
    `${p.existing} existing, ${p.failed} failed, ` +
    `${p.notStarted} not started, ${p.remaining} to go`;
}

/** The structured fields of a progress log line. */
export function logFields(p: ProgressSnapshot): Record<string, unknown> {
  return {
    done: p.done,
    total: p.total,
    created: p.created,
    existing: p.existing,
    failed: p.failed,
    notStarted: p.notStarted,
    remaining: p.remaining,
    rate: p.rate === null ? null : Number(p.rate.toFixed(2)),
    eta: formatDuration(p.etaMs),
  };
}

/** Start showing progress; the caller must stop() it when the run ends. */
export function createProgress(options: ProgressOptions): Progress {
  const counter = new ProgressCounter(
    options.total,
    options.now ?? Date.now,
    options.windowMs ?? DEFAULT_WINDOW_MS,
  );
  if (options.quiet) return countOnly(counter);
  if (options.isTTY) return liveBar(options, counter);
  return logLines(options, counter);
}

function countOnly(counter: ProgressCounter): Progress {
  return { update: (outcome) => counter.record(outcome), stop: () => {} };
}

/** Without a terminal: a log line every interval, and nothing else. */
function logLines(options: ProgressOptions, counter: ProgressCounter) {
  const timer = setInterval(() => {
    options.logger.info('progress', logFields(counter.snapshot()));
  }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  // Progress must never be what keeps the process alive.
  timer.unref();
  return {
    update: (outcome: string) => counter.record(outcome),
    stop: () => clearInterval(timer),
  };
}

/**
 * On a terminal: a bar redrawn in place by cli-progress. A MultiBar with
 * one bar, because it moves the cursor relatively; SingleBar restores a
 * saved cursor position on stop, which lands on a log line printed since.
 */
function liveBar(options: ProgressOptions, counter: ProgressCounter) {
  const bars = new cliProgress.MultiBar({
    stream: options.stream,
    fps: 5,
    forceRedraw: true,
    // Leave the terminal's wrapping and cursor alone: a kill -9 would
    // otherwise leave them broken.
    linewrap: true,
    hideCursor: false,
    barsize: 20,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    format: (opts, params) => {
      const text = progressLine(counter.snapshot());
      const width = Math.max(10, params.maxWidth - 1);
      // The bar only when the words fit beside it.
      if (text.length + opts.barsize! + 3 > width) return text.slice(0, width);
      const bar = cliProgress.Format.BarFormat(params.progress, opts);
      return `[${bar}] ${text}`;
    },
  });
  const unhook = clearBeforeLogs(options);
  const bar = bars.create(options.total, 0);
  let stopped = false;
  return {
    update: (outcome: string) => {
      counter.record(outcome);
      bar.update(counter.snapshot().done);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bars.stop();
      unhook();
    },
  };
}

/**
 * A log line written while the bar is drawn would land after the bar's
 * text. Clear the line first; the bar redraws below on its next tick.
 * Listeners run in order, so prepending puts this before the transports.
 */
function clearBeforeLogs(options: ProgressOptions): () => void {
  const clear = (): void => {
    options.stream.write('\r\u001b[2K');
  };
  options.logger.prependListener('data', clear);
  return () => options.logger.removeListener('data', clear);
}
