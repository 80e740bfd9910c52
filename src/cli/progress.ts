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
  /** Tasks that finished: every outcome but not-started. */
  done: number;
  /** Tasks neither finished nor left out by a stop. */
  remaining: number;
  created: number;
  existing: number;
  failed: number;
  notStarted: number;
  /** Tasks per second over the sliding window; null before any time. */
  rate: number | null;
  /** Milliseconds left at the current rate; null when unknown. */
  etaMs: number | null;
  /** The run stopped early: some tasks will never be started. */
  stopped: boolean;
}

export const DEFAULT_INTERVAL_MS = 10_000;
export const DEFAULT_WINDOW_MS = 30_000;

/**
 * Counts outcomes and measures the rate over a sliding window, so the ETA
 * follows the current pace (throttling, a slow region) rather than the
 * average since the start. Tasks found on the server (`existing`) and
 * tasks a stop left out (`not-started`) finish all at once, without a
 * create call; they would make a rerun's pace look many times faster
 * than the API allows. So the rate counts only the tasks that took a
 * call, and is unknown while there are none in the window.
 *
 * A not-started outcome means the run stopped: such tasks are not done,
 * and from then on there is no pace or ETA to show, only "stopped".
 */
export class ProgressCounter {
  readonly #total: number;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #startedAt: number;
  readonly #counts = new Map<string, number>();
  readonly #called = new TimeWindow();
  #done = 0;

  constructor(total: number, now: () => number, windowMs: number) {
    this.#total = total;
    this.#now = now;
    this.#windowMs = windowMs;
    this.#startedAt = now();
  }

  /** Count one finished task. */
  record(outcome: string): void {
    const now = this.#now();
    this.#counts.set(outcome, (this.#counts.get(outcome) ?? 0) + 1);
    if (outcome !== 'not-started') this.#done += 1;
    if (!WITHOUT_CALL.has(outcome)) this.#called.add(now);
  }

  /** Counts, rate and ETA as of now. */
  snapshot(): ProgressSnapshot {
    const notStarted = this.#count('not-started');
    const stopped = notStarted > 0;
    const rate = stopped ? null : this.#rate(this.#now());
    const remaining = Math.max(0, this.#total - this.#done - notStarted);
    return {
      total: this.#total,
      done: this.#done,
      remaining,
      created: this.#count('created'),
      existing: this.#count('existing'),
      failed: this.#count('failed'),
      notStarted,
      rate,
      etaMs: stopped ? null : etaOf(remaining, rate),
      stopped,
    };
  }

  #count(outcome: string): number {
    return this.#counts.get(outcome) ?? 0;
  }

  #rate(now: number): number | null {
    const limit = now - this.#windowMs;
    const span = Math.min(this.#windowMs, now - this.#startedAt);
    if (span <= 0) return null;
    const called = this.#called.countAfter(limit);
    return called > 0 ? (called * 1000) / span : null;
  }
}

/** Outcomes that finish without a create call. */
const WITHOUT_CALL = new Set(['existing', 'not-started', 'skipped']);

/** Times of events, oldest first, forgetting those that left a window. */
class TimeWindow {
  #times: number[] = [];
  #head = 0;

  add(time: number): void {
    this.#times.push(time);
  }

  /** Events after `limit`; older ones are dropped for good. */
  countAfter(limit: number): number {
    while (this.#head < this.#times.length &&
      this.#times[this.#head]! <= limit) {
      this.#head += 1;
    }
    // Compact now and then, so a long run keeps a bounded array.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
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
 * ETA, then counts). Given a width, the longest wording that fits: the
 * full one, then without "not started" (it only counts once a run
 * stops, and the summary says it), then abbreviated counts, then fewer
 * parts; a part is dropped whole, never cut mid-word. A stopped run
 * shows "stopped" instead of a pace and ETA it will not keep.
 */
export function progressLine(p: ProgressSnapshot, width = Infinity): string {
  const rate = p.rate === null ? '-' : p.rate.toFixed(1);
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  const pace = p.stopped
    ? 'stopped'
    : `${rate}/s ETA ${formatDuration(p.etaMs)}`;
  const short = p.stopped ? 'stopped' : `ETA ${formatDuration(p.etaMs)}`;
  const at = `${p.done}/${p.total}`;
  const counts = `${p.created} created, ${p.existing} existing, ` +
    `${p.failed} failed`;
  const abbreviated = `${p.created} cr, ${p.existing} ex, ${p.failed} fail`;
  const wordings = [
    `${at} (${percent}%) ${pace} | ${counts}, ` +
      `${p.notStarted} not started, ${p.remaining} to go`,
    `${at} (${percent}%) ${pace} | ${counts}, ${p.remaining} to go`,
    `${at} ${pace} | ${abbreviated}`,
    `${at} ${short} | ${abbreviated}`,
    `${at} ${short} | ${p.created} cr`,
    `${at} ${short}`,
    at,
  ];
  return wordings.find((w) => w.length <= width) ?? '';
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
    stopped: p.stopped,
  };
}

/** Start showing progress; the caller must stop() it when the run ends. */
export function createProgress(options: ProgressOptions): Progress {
  const counter = new ProgressCounter(
    options.total,
    options.now ?? Date.now,
    options.windowMs ?? DEFAULT_WINDOW_MS,
  );
  // A logger that prints no info is --quiet too: the CLI takes the
  // logging flags out of a command's arguments before it parses them.
  const silent = options.quiet || !options.logger.isLevelEnabled('info');
  if (silent) return countOnly(counter);
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
  const screen = new BarScreen(options.stream);
  const bars = new cliProgress.MultiBar({
    stream: screen.barStream,
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
      // One column short of the edge: a full line wraps at once on some
      // terminals.
      const width = Math.max(10, params.maxWidth - 1);
      const snapshot = counter.snapshot();
      const full = progressLine(snapshot);
      // The bar only when the whole wording fits beside it.
      const line = full.length + opts.barsize! + 3 <= width
        ? `[${cliProgress.Format.BarFormat(params.progress, opts)}] ${full}`
        : progressLine(snapshot, width);
      screen.drawn(line.length);
      return line;
    },
  });
  const bar = bars.create(options.total, 0);
  let stopped = false;
  screen.onForeignWrite(() => {
    if (!stopped) bars.update();
  });
  return {
    update: (outcome: string) => {
      counter.record(outcome);
      bar.update(counter.snapshot().done);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bars.stop();
      screen.release();
    },
  };
}

/**
 * The terminal shared by the bar and everything else that writes to
 * stderr (log lines, the interrupt notice). Anything not written by the
 * bar first clears the bar's line, so it lands on a clean line; the bar
 * is redrawn below it at once. Only real writes count: a debug entry
 * that no transport prints clears nothing.
 *
 * When the terminal narrows, one that reflows (tmux, VTE, iTerm2,
 * Windows Terminal) wraps the old bar line over several rows, and the
 * next draw would leave all but the last behind: they are cleared first.
 * A terminal that does not reflow (xterm) cuts the line instead, so
 * there the same clearing wipes as many rows of earlier output above it
 * off the screen. Reflow is the common case; asking the terminal which
 * kind it is would lift the guess.
 */
class BarScreen {
  readonly #stream: Writable;
  readonly #write: Writable['write'];
  readonly #ownWrite: boolean;
  /** What cli-progress writes through: the stream, marked as the bar. */
  readonly barStream: NodeJS.WritableStream;
  /** The bar's line is on screen and the cursor is on it. */
  #onScreen = false;
  #width = 0;
  #columns: number;
  #redraw: (() => void) | null = null;
  #pending = false;
  readonly #resized = (): void => this.#clearWrapped();

  constructor(stream: Writable) {
    this.#stream = stream;
    this.#write = stream.write;
    this.#ownWrite = Object.hasOwn(stream, 'write');
    this.#columns = columnsOf(stream);
    // Only isTTY, columns and write are used by cli-progress's terminal.
    this.barStream = {
      isTTY: true,
      get columns() {
        return columnsOf(stream);
      },
      write: (chunk: string) => {
        this.#onScreen = true;
        return this.#raw(chunk);
      },
    } as unknown as NodeJS.WritableStream;
    stream.write = ((...args: unknown[]) => {
      this.#clearBar();
      return Reflect.apply(this.#write, stream, args) as boolean;
    }) as Writable['write'];
    stream.on('resize', this.#resized);
  }

  /** The bar was formatted to this many columns. */
  drawn(width: number): void {
    this.#width = width;
  }

  /** Call back (once per burst of writes) after a foreign write. */
  onForeignWrite(redraw: () => void): void {
    this.#redraw = redraw;
  }

  /** Give the stream back as it was. */
  release(): void {
    this.#redraw = null;
    this.#stream.removeListener('resize', this.#resized);
    if (this.#ownWrite) this.#stream.write = this.#write;
    else delete (this.#stream as Partial<Writable>).write;
  }

  #raw(text: string): boolean {
    return Reflect.apply(this.#write, this.#stream, [text]) as boolean;
  }

  #clearBar(): void {
    if (!this.#onScreen) return;
    this.#onScreen = false;
    this.#raw('\r\u001b[2K');
    if (this.#pending || !this.#redraw) return;
    this.#pending = true;
    setImmediate(() => {
      this.#pending = false;
      this.#redraw?.();
    });
  }

  #clearWrapped(): void {
    const columns = columnsOf(this.#stream);
    const rows = Math.ceil(this.#width / Math.max(1, columns));
    if (this.#onScreen && columns < this.#columns && rows > 1) {
      this.#raw(`\u001b[${rows - 1}A\r\u001b[J`);
    }
    this.#columns = columns;
  }
}

function columnsOf(stream: Writable): number {
  return (stream as { columns?: number }).columns ?? 80;
}
