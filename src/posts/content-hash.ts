import { createHash } from 'node:crypto';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What an approval binds to: the exact text of every segment, the media, and the linked quotes. */
export interface HashedContent {
  segments: readonly string[];
  /** Media descriptors in posting order (e.g. storage key, checksum, alt text); absent = none. */
  media?: readonly { [key: string]: JsonValue }[];
  quoteIds?: readonly string[];
}

/** JSON with object keys sorted, so equal content serialises identically whatever the key order. */
function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) of the content an approval binds to. Segment text is hashed byte for byte, no
 * trimming or Unicode normalisation, because what X receives is exactly what was approved; segment
 * and media order count; quote ids are a set. `v` versions the canonical form so a future change to
 * it cannot silently match or void stored approvals.
 */
export function contentHash(content: HashedContent): string {
  const canonical = canonicalJson({
    v: 1,
    segments: [...content.segments],
    media: [...(content.media ?? [])],
    quoteIds: [...new Set(content.quoteIds ?? [])].sort(),
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
