import { sql } from 'drizzle-orm';

/** CHECK body: the column holds one of these values (enums stay plain text, easy to extend). */
export const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/** CHECK body: every element of the text[] column is one of these values. */
export const subsetOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} <@ ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`);
