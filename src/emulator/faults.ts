/**
 * Decides, per signed call, which fault (if any) hits it and how much
 * latency it gets. Decisions come from seeded hash draws (see random.ts), so
 * the same run with the same seed meets the same faults.
 */
import type { FaultSettings } from './settings.js';
import { drawUnit, OccurrenceCounter } from './random.js';

/** What happens to one call. */
export type FaultKind =
  | 'none'
  | 'error500'
  | 'error503'
  | 'reset'
  | 'html502'
  | 'lose';

/** The decision for one call. */
export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
}

/** Draws faults for calls, identified by a stable description. */
export class FaultPlanner {
  private readonly occurrences = new OccurrenceCounter();

  constructor(private readonly settings: FaultSettings) {}

  /** Decide the fate of a call; `callKey` names it (key, action, params). */
  decide(callKey: string): FaultDecision {
    const key = this.occurrences.next(callKey);
    return {
      kind: this.pickKind(drawUnit(this.settings.seed, `fault\0${key}`)),
      latencyMs: this.pickLatency(key),
    };
  }

  /** Split [0, 1) into bands, one per fault, in a fixed order. */
  private pickKind(u: number): FaultKind {
    const s = this.settings;
    const bands: [FaultKind, number][] = [
      ['error500', s.errorRate / 2],
      ['error503', s.errorRate / 2],
      ['reset', s.resetRate],
      ['html502', s.html502Rate],
      ['lose', s.loseRate],
    ];
    let edge = 0;
    for (const [kind, width] of bands) {
      edge += width;
      if (u < edge) return kind;
    }
    return 'none';
  }

  private pickLatency(key: string): number {
    const range = this.settings.latency;
    if (!range || range.max === 0) return 0;

    const u = drawUnit(this.settings.seed, `latency\0${key}`);
    return range.min + Math.floor(u * (range.max - range.min + 1));
  }
}
