/**
 * The error hierarchy and the one table of exit codes.
 *
 * Every failure that reaches the CLI is a DwError with a stable string code;
 * the entry point maps it to an exit code here and nowhere else.
 */

/** Exit codes, documented in the README; the only place they are defined. */
export const EXIT = {
  /** Every task was created or already there (validate: no errors). */
  ok: 0,
  /** Some tasks failed; the rest of the run completed. */
  someFailed: 1,
  /** Invalid manifests or command-line usage; no API call was made. */
  usage: 2,
  /** Run aborted: credentials, endpoint or another fatal condition. */
  aborted: 3,
  /** `plan --detailed-exitcode` only: tasks would be created. */
  changesPending: 10,
  /** An internal error: a bug in dwmigrate. */
  internal: 70,
  /** Interrupted by SIGINT or SIGTERM. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base class: a stable code, an exit code and the original cause. */
export class DwError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(
    code: string,
    message: string,
    exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Wrong flags, unknown command, missing argument. */
export class UsageError extends DwError {
  constructor(message: string, code = 'USAGE') {
    super(code, message, EXIT.usage);
  }
}

/** Manifests that cannot be used; the details are in diagnostics. */
export class ManifestError extends DwError {
  readonly diagnostics: readonly unknown[];

  constructor(message: string, diagnostics: readonly unknown[]) {
    super('MANIFEST_INVALID', message, EXIT.usage);
    this.diagnostics = diagnostics;
  }
}

/** Credentials missing, unknown, disabled or rejected. */
export class CredentialsError extends DwError {
  constructor(message: string, code = 'CREDENTIALS', cause?: unknown) {
    super(code, message, EXIT.aborted, { cause });
  }
}

/** A condition that makes the rest of the run pointless. */
export class AbortError extends DwError {
  constructor(message: string, code = 'ABORTED', cause?: unknown) {
    super(code, message, EXIT.aborted, { cause });
  }
}

/** The run was interrupted by a signal. */
export class InterruptedError extends DwError {
  constructor(message = 'interrupted') {
    super('INTERRUPTED', message, EXIT.interrupted);
  }
}

/** A bug: something that should not happen did. */
export class InternalError extends DwError {
  constructor(message: string, cause?: unknown) {
    super('INTERNAL', message, EXIT.internal, { cause });
  }
}

/** Message of any thrown value, without assuming it is an Error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
