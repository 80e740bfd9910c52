/**
 * Every signed call the emulator received and how it was answered, for
 * GET /__emulator/requests and for tests that count calls.
 */
import type { FaultKind } from './faults.js';

/** One received call. */
export interface RequestRecord {
  /** When it arrived, ISO 8601. */
  time: string;
  action: string;
  /** From the Authorization header; '' when there was none. */
  accessKeyId: string;
  /** As sent; '' when absent. */
  projectId: string;
  /** HTTP status sent; 0 when no response was sent (reset, lost). */
  status: number;
  /** Error code; null on success. */
  code: string | null;
  /**
   * Region the call was addressed to: the region listener, the workspace
   * of an authenticated call, or a regional host name; null when none of
   * these tells (e.g. a call that failed authentication on the main port).
   */
  region: string | null;
  /** Injected fault, if any. */
  fault?: FaultKind;
  /** Injected latency in ms, if any. */
  latencyMs?: number;
}

/** A bounded log; the oldest entries go first when full. */
export class RequestLog {
  private entries: RequestRecord[] = [];

  constructor(private readonly limit: number) {}

  add(record: RequestRecord): void {
    this.entries.push(record);
    // Trim in chunks so that a full log does not cost O(n) per call.
    if (this.entries.length > this.limit * 1.1 + 10) {
      this.entries = this.entries.slice(-this.limit);
    }
  }

  /** The kept entries, oldest first. */
  list(): RequestRecord[] {
    return this.entries.slice(-this.limit);
  }
}
