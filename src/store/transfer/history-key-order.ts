/**
 * A history row in the key order samocode writes it. PostgreSQL keeps JSON without key order, so a
 * row read from it is put back in the history schema's order before it is written to a session
 * folder: a session exported from the store then has the history file it was imported from, byte
 * for byte. A row the schema would change (a field of a newer samocode, a figure it reads as 0)
 * is kept as it is. Pure.
 */
import { HistoryRowSchema } from '../../session/history.js';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import { toCanonicalJson } from './transfer-plan.js';

export function toHistoryKeyOrder(row: JsonObject): JsonObject {
  const parsed = HistoryRowSchema.safeParse(row);
  if (!parsed.success) return row;
  const ordered = JsonObjectSchema.safeParse(JSON.parse(JSON.stringify(parsed.data)));
  if (!ordered.success || toCanonicalJson(ordered.data) !== toCanonicalJson(row)) return row;
  return ordered.data;
}
