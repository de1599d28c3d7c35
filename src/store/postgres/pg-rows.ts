/** Query results parsed with zod: a row from the server is unparsed data like any other input. */
import type pg from 'pg';
import * as z from 'zod';

export async function queryRows<T>(
  client: pg.ClientBase,
  schema: z.ZodType<T>,
  text: string,
  values: readonly unknown[] = [],
): Promise<T[]> {
  const result = await client.query(text, [...values]);
  return z.array(schema).parse(result.rows);
}

/** The first row, or undefined. */
export async function queryRow<T>(
  client: pg.ClientBase,
  schema: z.ZodType<T>,
  text: string,
  values: readonly unknown[] = [],
): Promise<T | undefined> {
  return (await queryRows(client, schema, text, values))[0];
}

export const iso = (date: Date | null | undefined): string | undefined => date?.toISOString();
