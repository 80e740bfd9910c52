/**
 * How long a call may take before the client gives up (`--timeout`): also
 * how long an unanswered call may still take effect on the service. A
 * module of its own, so that the emulator can size its held replies past
 * it without loading the client library.
 */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
