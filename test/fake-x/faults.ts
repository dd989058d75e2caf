/**
 * What the publisher must survive:
 * - `429`: refused with `x-rate-limit-remaining: 0` and a reset `resetInSec` ahead; nothing stored.
 * - `5xx`: `status` (503 by default) without doing anything.
 * - `5xx-after-accept`: does the work (stores the post), then answers `status`.
 * - `accept-then-hang`: does the work, then never answers; only a client timeout ends it.
 * - `duplicate`: X's 403 for duplicate content; nothing stored.
 * - `401`: X's 401, as for an expired or revoked token.
 * - `connection-reset`: the socket is destroyed before the body is read; the client sees
 *   ECONNRESET and nothing happened.
 */
export const FAULT_KINDS = [
  '429',
  '5xx',
  '5xx-after-accept',
  'accept-then-hang',
  'duplicate',
  '401',
  'connection-reset',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** The route as `METHOD /pattern`, e.g. `POST /2/tweets` or `DELETE /2/tweets/:id`. */
  endpoint: string;
  kind: FaultKind;
  /** How many calls fail; default 1, or every eligible call when `probability` is set. */
  times?: number;
  /** Let this many matching calls through first (1 → the second call fails). */
  afterMatch?: number;
  /** Fail each eligible call with this chance (0-1), e.g. for chaos runs. */
  probability?: number;
  /** For `5xx` and `5xx-after-accept`: 500, 502, 503 (default) or 504. */
  status?: number;
  /** For `429`: seconds until `x-rate-limit-reset` (default 60). */
  resetInSec?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Matching calls seen so far, and how many of them this fault hit. */
  matched: number;
  hits: number;
}

/** Faults armed by tests; each call takes at most one, the oldest that applies. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;
  private readonly knownEndpoints: ReadonlySet<string>;

  constructor(knownEndpoints: Iterable<string>) {
    this.knownEndpoints = new Set(knownEndpoints);
  }

  add(spec: FaultSpec): Fault {
    const problems = this.validate(spec);
    if (problems.length) throw new Error(`Invalid fault: ${problems.join('; ')}`);
    const fault: Fault = { ...spec, id: `fault-${this.nextId++}`, matched: 0, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Called once per request to `endpoint`; the fault to apply, if any. */
  take(endpoint: string): Fault | undefined {
    let chosen: Fault | undefined;
    for (const fault of this.faults) {
      if (fault.endpoint !== endpoint) continue;
      fault.matched += 1;
      if (chosen || fault.matched <= (fault.afterMatch ?? 0)) continue;
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue;
      fault.hits += 1;
      chosen = fault;
    }
    this.faults = this.faults.filter(
      (f) => f.hits < (f.times ?? (f.probability === undefined ? 1 : Infinity)),
    );
    return chosen;
  }

  /** Faults still armed. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  private validate(spec: FaultSpec): string[] {
    const problems: string[] = [];
    if (!this.knownEndpoints.has(spec.endpoint)) {
      problems.push(`endpoint must be one of ${[...this.knownEndpoints].join(', ')}`);
    }
    if (!FAULT_KINDS.includes(spec.kind))
      problems.push(`kind must be one of ${FAULT_KINDS.join(', ')}`);
    const counts: Array<[string, number | undefined, number]> = [
      ['times', spec.times, 1],
      ['afterMatch', spec.afterMatch, 0],
      ['resetInSec', spec.resetInSec, 0],
    ];
    for (const [name, value, min] of counts) {
      if (value !== undefined && (!Number.isInteger(value) || value < min)) {
        problems.push(`${name} must be a whole number ≥ ${min}`);
      }
    }
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
      problems.push('probability must be between 0 and 1');
    }
    if (spec.status !== undefined && ![500, 502, 503, 504].includes(spec.status)) {
      problems.push('status must be 500, 502, 503 or 504');
    }
    return problems;
  }
}
