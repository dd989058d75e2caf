import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { acceptedCoding, BROTLI_PARAMS, type ContentCoding } from '../common/content-coding.js';

/** Answers smaller than this go out as they are, as the compression middleware leaves them. */
const COMPRESS_FROM_BYTES = 1024;

// The compression middleware's own settings (configureHttp), so an answer reads the same whether
// it was prepared here or compressed on its way out.
const ENCODERS: Record<ContentCoding, (json: Buffer) => Buffer> = {
  br: (json) => brotliCompressSync(json, { params: BROTLI_PARAMS }),
  gzip: (json) => gzipSync(json),
};

/** The `If-None-Match` of a request names this validator (weak comparison, RFC 9110 13.1.2). */
function revalidates(req: Request, etag: string): boolean {
  const condition = req.headers['if-none-match'];
  if (!condition || /(?:^|,)\s*no-cache\s*(?:,|$)/.test(req.headers['cache-control'] ?? ''))
    return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return (
    condition.trim() === '*' || condition.split(',').some((tag) => opaque(tag) === opaque(etag))
  );
}

/** What one request gets: the answer in a content coding it accepts, or 304 Not Modified. */
export class AnswerReply {
  constructor(
    private readonly etag: string,
    private readonly coding: ContentCoding | 'identity',
    /** Undefined: the client's copy is current. */
    private readonly bytes: Buffer | undefined,
  ) {}

  /** Sends what Express would for the object (200, JSON, ETag), or the 304. */
  sendTo(res: Response): void {
    res.vary('Accept-Encoding');
    // Revalidated on every use, never reused blind: the data may have changed since.
    if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', this.etag);
    if (!this.bytes) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (this.coding !== 'identity') res.setHeader('Content-Encoding', this.coding);
    res.setHeader('Content-Length', this.bytes.length);
    res.end(res.req.method === 'HEAD' ? undefined : this.bytes);
  }
}

/**
 * A JSON answer serialised once, with its validator and, as clients ask for them, its compressed
 * forms: a repeated read costs a lookup and a write instead of queries, mapping, `JSON.stringify`
 * and compression.
 */
export class PreparedAnswer {
  /** A weak validator: the same JSON under any content coding. */
  readonly etag: string;
  private readonly encoded = new Map<ContentCoding, Buffer>();

  private constructor(
    private readonly json: Buffer,
    /**
     * For an answer that reads the clock: from this instant (ms) the clock alone may change it,
     * at the same database snapshot. Undefined: only a write changes it.
     */
    readonly validUntil: number | undefined,
  ) {
    this.etag = `W/"${createHash('sha1').update(json).digest('base64url')}"`;
  }

  static of(body: unknown, validUntil?: number): PreparedAnswer {
    return new PreparedAnswer(Buffer.from(JSON.stringify(body)), validUntil);
  }

  /** Whether this is still the answer for a request that arrived at `now` (ms). */
  holdsAt(now: number): boolean {
    return this.validUntil === undefined || now < this.validUntil;
  }

  /** Bytes held, compressed forms included. */
  get size(): number {
    let total = this.json.length;
    for (const bytes of this.encoded.values()) total += bytes.length;
    return total;
  }

  /** Compresses (once per coding) what this request takes. */
  replyTo(req: Request): AnswerReply {
    if (revalidates(req, this.etag)) return new AnswerReply(this.etag, 'identity', undefined);
    const coding = this.codingFor(req);
    return new AnswerReply(
      this.etag,
      coding,
      coding === 'identity' ? this.json : this.form(coding),
    );
  }

  private codingFor(req: Request): ContentCoding | 'identity' {
    return this.json.length < COMPRESS_FROM_BYTES ? 'identity' : acceptedCoding(req);
  }

  private form(coding: ContentCoding): Buffer {
    let bytes = this.encoded.get(coding);
    if (!bytes) {
      bytes = ENCODERS[coding](this.json);
      this.encoded.set(coding, bytes);
    }
    return bytes;
  }
}
