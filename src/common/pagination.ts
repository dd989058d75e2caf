import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { invalid } from './domain-errors.js';
import { IsInteger } from './validators.js';

/** Every list endpoint takes `limit` and `cursor` and answers `{ items, nextCursor }`. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInteger({ min: 1, max: 200 })
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A position in a (sort key desc, id desc) ordering. */
export interface CursorPosition {
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The orderings lists page through, and what a position in each looks like: a cursor is only
 * accepted by a list of its own kind, so whatever it carries can go into that list's SQL.
 */
const CURSOR_KINDS = {
  /** (a time to the millisecond, uuid id), as `Date.toISOString()` writes the time. */
  instant: ({ key, id }: CursorPosition) =>
    ISO_INSTANT.test(key) && new Date(key).toISOString() === key && UUID.test(id),
  /** A bigserial id; `key` is the literal `id`. */
  serial: ({ key, id }: CursorPosition) =>
    key === 'id' && /^[1-9]\d{0,15}$/.test(id) && Number(id) <= Number.MAX_SAFE_INTEGER,
} as const;
export type CursorKind = keyof typeof CURSOR_KINDS;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

function parseCursor(cursor: string): CursorPosition | undefined {
  const bytes = Buffer.from(cursor, 'base64url');
  // Buffer skips characters that are not base64url; a cursor we issued reads back exactly.
  if (bytes.toString('base64url') !== cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string'))
      return { key: parsed[0] as string, id: parsed[1] as string };
  } catch {
    // not JSON: refused below
  }
  return undefined;
}

/** The one cursor codec: anything but a position of `kind` this API could have issued is a 400. */
export function decodeCursor(
  cursor: string | undefined,
  kind: CursorKind,
): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = parseCursor(cursor);
  if (position && CURSOR_KINDS[kind](position)) return position;
  throw invalid(
    [{ field: 'cursor', rule: 'validCursor', message: 'cursor must come from a previous page' }],
    'cursor is not a cursor this API issued.',
  );
}

/** Fetch limit+1 rows; the extra one tells whether another page exists. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

export const DEFAULT_PAGE_SIZE = 50;

/** A position in the (created_at desc, id desc) ordering most lists use. */
export interface CreatedBefore {
  createdAt: Date;
  id: string;
}

/** A position in a list ordered by (a time to the millisecond, uuid id). */
export interface InstantPosition {
  at: Date;
  id: string;
}

/**
 * One page of a list ordered by (`instantOf(row)`, id), whichever direction the list runs:
 * `read` gets the window past the cursor's position (one row more than the page, to tell
 * whether another page follows).
 */
export async function pageByInstant<T extends { id: string }, D>(
  query: PageQuery,
  instantOf: (row: T) => Date,
  read: (window: { past?: InstantPosition; limit: number }) => Promise<T[]>,
  view: (row: T) => D,
): Promise<Page<D>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const cursor = decodeCursor(query.cursor, 'instant');
  const rows = await read({
    past: cursor ? { at: new Date(cursor.key), id: cursor.id } : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (r) => ({ key: instantOf(r).toISOString(), id: r.id }));
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/** One page of a list ordered newest first by (createdAt, id). */
export function pageByCreation<T extends { createdAt: Date; id: string }, D>(
  query: PageQuery,
  read: (window: { before?: CreatedBefore; limit: number }) => Promise<T[]>,
  view: (row: T) => D,
): Promise<Page<D>> {
  return pageByInstant(
    query,
    (row) => row.createdAt,
    ({ past, limit }) => read({ before: past && { createdAt: past.at, id: past.id }, limit }),
    view,
  );
}
