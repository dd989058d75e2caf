// Imports nothing: the web UI bundles the platforms' text rules for its length counter.

/** How a platform counts and limits the text of a post. */
export interface TextRules {
  /** What `length` counts, for messages: "weighted characters", "characters". */
  unit: string;
  /** The most one segment may hold, in `unit`. */
  maxLength: number;
  length(text: string): number;
  /** Why the platform would refuse the text's characters, when it would; otherwise undefined. */
  refusedCharacters(text: string): string | undefined;
  /** A thread is a chain of replies, each segment answering the one before. */
  thread: { kind: 'reply_chain'; maxSegments: number };
}
