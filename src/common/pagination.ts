import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { invalid } from './domain-errors.js';

/** Every list endpoint takes `limit` and `cursor` and answers `{ items, nextCursor }`. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
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

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((p) => typeof p === 'string')
    ) {
      return { key: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalid(
    [{ field: 'cursor', rule: 'cursor', message: 'cursor must come from a previous page' }],
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

/**
 * One page of a list ordered newest first by (createdAt, id): `read` gets the window after the
 * cursor (one row more than the page, to tell whether another page follows).
 */
export async function pageByCreation<T extends { createdAt: Date; id: string }, D>(
  query: PageQuery,
  read: (window: { before?: CreatedBefore; limit: number }) => Promise<T[]>,
  view: (row: T) => D,
): Promise<Page<D>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const cursor = decodeCursor(query.cursor);
  const rows = await read({
    before: cursor ? { createdAt: new Date(cursor.key), id: cursor.id } : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (r) => ({ key: r.createdAt.toISOString(), id: r.id }));
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
