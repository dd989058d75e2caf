import { takenBefore } from './data-snapshot.js';
import type { PreparedAnswer } from './prepared-answer.js';

interface Stored {
  snapshot: string;
  answer: PreparedAnswer;
  /** `answer.size` when it was counted: its compressed forms arrive after it is stored. */
  counted: number;
}

/**
 * How the cached reads were answered since the process started: from memory, computed, or by
 * joining a computation already under way. Kept here, the process's one store, as each module
 * with a @CachedRead() endpoint has an interceptor of its own; the metrics read it at scrape time.
 */
export interface ReadCounts {
  hit: number;
  computed: number;
  joined: number;
}

/** The api process's one store, sized from configuration (READ_CACHE_MB). */
export const ANSWER_STORE = Symbol('ANSWER_STORE');

/**
 * Prepared answers by key, each valid only for the database snapshot it was computed from (and,
 * for an answer that reads the clock, until its `validUntil`), within a budget of bytes: the least
 * recently used go first. Holds nothing when the budget is 0.
 *
 * Per key it keeps the answer of the newest snapshot seen: while the database commits often, a
 * read whose snapshot was taken before the stored answer's (it waited for a connection, or its
 * computation landed late) neither drops nor replaces it, so the reads that follow, at the newer
 * snapshot, still find it.
 */
export class AnswerStore {
  private readonly entries = new Map<string, Stored>();
  private bytes = 0;
  readonly reads: ReadCounts = { hit: 0, computed: 0, joined: 0 };

  constructor(readonly budgetBytes: number) {}

  get enabled(): boolean {
    return this.budgetBytes > 0;
  }

  /** Bytes held now, compressed forms included. */
  get heldBytes(): number {
    return this.bytes;
  }

  /**
   * The answer stored for `key` if it was computed at `snapshot` and still holds at `now` (ms).
   * One from a snapshot taken before `snapshot`, or past its time, is dropped: that snapshot will
   * not be read again, and the clock does not go back.
   */
  get(key: string, snapshot: string, now: number): PreparedAnswer | undefined {
    const stored = this.entries.get(key);
    if (!stored) return undefined;
    if (stored.snapshot !== snapshot || !stored.answer.holdsAt(now)) {
      if (!takenBefore(snapshot, stored.snapshot)) {
        this.entries.delete(key);
        this.bytes -= stored.counted;
      }
      return undefined;
    }
    this.entries.delete(key);
    // Map order is use order: the first entry is the least recently used.
    this.entries.set(key, stored);
    return stored.answer;
  }

  /** Recounts an answer that has grown a compressed form since it was stored. */
  recount(key: string): void {
    const stored = this.entries.get(key);
    if (!stored || stored.counted === stored.answer.size) return;
    this.bytes += stored.answer.size - stored.counted;
    stored.counted = stored.answer.size;
    this.evict();
  }

  put(key: string, snapshot: string, answer: PreparedAnswer): void {
    const previous = this.entries.get(key);
    if (previous && takenBefore(snapshot, previous.snapshot)) return;
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.counted;
    }
    if (answer.size > this.budgetBytes) return;
    this.entries.set(key, { snapshot, answer, counted: answer.size });
    this.bytes += answer.size;
    this.evict();
  }

  private evict(): void {
    for (const [key, stored] of this.entries) {
      if (this.bytes <= this.budgetBytes) return;
      this.entries.delete(key);
      this.bytes -= stored.counted;
    }
  }
}
