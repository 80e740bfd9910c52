/**
 * Journals as apply writes them, with the names that break naive
 * formatters: markup, quotes, commas, pipes, newlines, non-Latin text,
 * control characters, and IDs above 2^53.
 */
import type {
  IntentRecord,
  JournalRecord,
  OutcomeRecord,
  RunStartRecord,
} from '../../src/run/journal.js';

export const NASTY_NAMES = {
  script: '<script>alert("x")</script>',
  quotes: 'say "hi" & \'bye\', ok',
  pipes: 'a | b | c',
  newline: 'line one\nline two\r\nline three',
  chinese: '数据迁移_订单表',
  control: 'bell\u0007 and nul\u0000 and esc\u001b',
  formula: '=HYPERLINK("http://evil")',
} as const;

/** A project ID and a task ID above 2^53: exact only as strings. */
export const BIG_PROJECT = '9007199254740993';
export const BIG_TASK = '18446744073709551615';

const SHA = 'a'.repeat(64);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** The start line of a run. */
export function runStart(
  runId: string,
  time: string,
  overrides: Partial<RunStartRecord> = {},
): RunStartRecord {
  return {
    type: 'run-start',
    runId,
    time,
    toolVersion: '0.1.0',
    identity: 'LTAI****9xQz',
    endpoints: {
      'cn-hangzhou': 'https://dataworks.cn-hangzhou.aliyuncs.com',
      'cn-shanghai': 'http://127.0.0.1:18080',
    },
    manifests: [
      { path: 'manifests/orders.yaml', sha256: SHA },
      { path: 'manifests/<b>odd</b>, "name".yaml', sha256: 'b'.repeat(64) },
    ],
    options: { concurrency: 16, failFast: false, endpoint: [] },
    git: { commit: COMMIT, dirty: true },
    ...overrides,
  };
}

interface OutcomeInput {
  runId: string;
  projectId: string;
  region: string;
  name: string;
  outcome: OutcomeRecord['outcome'];
  line: number;
  taskId?: string | null;
  error?: OutcomeRecord['error'];
  adopted?: boolean;
  conflicts?: string[];
  time?: string;
}

/** An outcome line, as create-task writes it. */
export function outcome(input: OutcomeInput): OutcomeRecord {
  return {
    type: 'outcome',
    runId: input.runId,
    time: input.time ?? '2026-03-01T08:00:05.250Z',
    projectId: input.projectId,
    region: input.region,
    name: input.name,
    outcome: input.outcome,
    taskId: input.taskId ?? null,
    requestId: input.outcome === 'not-started'
      ? null
      : `req-${input.line}-7F3A`,
    error: input.error ?? null,
    adopted: input.adopted ?? false,
    attempts: input.outcome === 'not-started' ? 0 : 1,
    source: { file: 'manifests/orders.yaml', line: input.line, column: 7 },
    conflicts: input.conflicts,
  };
}

/** An intent line: a call about to be sent. */
export function intent(
  runId: string,
  projectId: string,
  name: string,
): IntentRecord {
  return {
    type: 'intent',
    runId,
    time: '2026-03-01T08:00:04.000Z',
    projectId,
    name,
    attempt: 1,
  };
}

/** A finished run: every outcome, failures included, then its end line. */
export function finishedRun(
  runId = '20260301T080000Z-a1b2c3',
): JournalRecord[] {
  const ws = { runId, projectId: '10001', region: 'cn-hangzhou' };
  const big = { runId, projectId: BIG_PROJECT, region: 'cn-shanghai' };
  return [
    runStart(runId, '2026-03-01T08:00:00.000Z'),
    outcome({ ...ws, name: NASTY_NAMES.script, outcome: 'created',
      line: 3, taskId: '7000000000000000001' }),
    outcome({ ...ws, name: NASTY_NAMES.quotes, outcome: 'existing',
      line: 9, taskId: '7000000000000000002',
      conflicts: ['7000000000000000003'] }),
    outcome({ ...ws, name: NASTY_NAMES.pipes, outcome: 'failed', line: 15,
      error: { code: 'InvalidParameter', message: 'bad <value> & "x"\nok' } }),
    outcome({ ...ws, name: NASTY_NAMES.formula, outcome: 'created',
      line: 21, taskId: '7000000000000000004', adopted: true }),
    outcome({ ...big, name: NASTY_NAMES.newline, outcome: 'created',
      line: 27, taskId: BIG_TASK }),
    outcome({ ...big, name: NASTY_NAMES.chinese, outcome: 'failed',
      line: 33,
      error: { code: 'Throttling.User', message: '请求过于频繁' } }),
    outcome({ ...big, name: NASTY_NAMES.control, outcome: 'not-started',
      line: 39 }),
    {
      type: 'run-end', runId, time: '2026-03-01T08:03:07.500Z', exitCode: 1,
      summary: { total: 7, created: 3, existing: 1, failed: 2,
        'not-started': 1, skipped: 0 },
    },
  ];
}

/** A run killed mid-way: one answered task, one call without answer. */
export function killedRun(
  runId = '20260302T090000Z-d4e5f6',
): JournalRecord[] {
  return [
    runStart(runId, '2026-03-02T09:00:00.000Z', { git: null }),
    intent(runId, '10001', 'answered'),
    outcome({ runId, projectId: '10001', region: 'cn-hangzhou',
      name: 'answered', outcome: 'created', line: 3, taskId: '42',
      time: '2026-03-02T09:00:01.000Z' }),
    intent(runId, '10001', NASTY_NAMES.script),
  ];
}
