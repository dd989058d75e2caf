import type { SeededPost } from './seed.js';

/** One run of late posts scheduled close together: what a stall of the engine looks like. */
export interface Stall {
  /** Scheduled time of the stall's first late post, ms after the first post of the run. */
  startsAtMs: number;
  posts: number;
  channels: number;
  maxLatenessMs: number;
}

/** Late posts scheduled within this of each other belong to the same stall. */
const STALL_GAP_MS = 1_000;

/**
 * Groups the posts later than `thresholdMs` into stalls by scheduled time: a stall that hits
 * posts of many channels at once is the engine (or the machine) pausing, not one channel's bad luck.
 */
export function stalls(
  posts: readonly SeededPost[],
  arrivals: Map<string, Date>,
  thresholdMs: number,
): Stall[] {
  const first = Math.min(...posts.map((p) => p.scheduledAt.getTime()));
  const late = posts
    .flatMap((p) => {
      const at = arrivals.get(p.text);
      const latenessMs = at ? at.getTime() - p.scheduledAt.getTime() : Infinity;
      return latenessMs > thresholdMs ? [{ post: p, latenessMs }] : [];
    })
    .sort((a, b) => a.post.scheduledAt.getTime() - b.post.scheduledAt.getTime());
  const out: (Stall & { last: number; channelIds: Set<string> })[] = [];
  for (const { post, latenessMs } of late) {
    const at = post.scheduledAt.getTime();
    let stall = out.at(-1);
    if (!stall || at - stall.last > STALL_GAP_MS) {
      stall = {
        startsAtMs: at - first,
        posts: 0,
        channels: 0,
        maxLatenessMs: 0,
        last: at,
        channelIds: new Set(),
      };
      out.push(stall);
    }
    stall.posts += 1;
    stall.last = at;
    stall.channelIds.add(post.channelId);
    stall.channels = stall.channelIds.size;
    stall.maxLatenessMs = Math.max(stall.maxLatenessMs, latenessMs);
  }
  return out.map(({ startsAtMs, posts: n, channels, maxLatenessMs }) => ({
    startsAtMs,
    posts: n,
    channels,
    maxLatenessMs,
  }));
}
