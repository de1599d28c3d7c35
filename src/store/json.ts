/**
 * The store keeps snapshots, history rows, settings and decisions as plain JSON: their shapes are
 * the runner's and the machine's to validate, so a change there never breaks a store. Pure.
 */
import * as z from 'zod';

export const JsonSchema = z.json();
export type Json = z.infer<typeof JsonSchema>;

export const JsonObjectSchema = z.record(z.string(), JsonSchema);
export type JsonObject = z.infer<typeof JsonObjectSchema>;

/** The JSON object in `text`, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = JsonObjectSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A plain value (a machine snapshot, a history row) as stored JSON: `undefined` fields dropped, as `JSON.stringify` drops them. */
export function toJsonObject(value: unknown): JsonObject {
  const parsed = parseJsonObject(JSON.stringify(value) ?? 'null');
  if (parsed === undefined) throw new TypeError('a stored record must be a JSON object');
  return parsed;
}
