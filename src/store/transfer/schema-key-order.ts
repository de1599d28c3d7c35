/**
 * A stored record in the key order samocode writes it. PostgreSQL keeps JSON without key order, so
 * a history row or a decision read from it is put back in its schema's order before it is written
 * to a session folder: a session exported from the store then has the history file and decision
 * records it was imported from, byte for byte. A record the schema would change (a field of a
 * newer samocode, a figure it reads as 0) is kept as it is. Pure.
 */
import type * as z from 'zod';
import { DecisionSchema } from '../../gates/decision.js';
import { HistoryRowSchema } from '../../session/history.js';
import { type JsonObject, JsonObjectSchema } from '../json.js';
import { toCanonicalJson } from './transfer-plan.js';

function toSchemaKeyOrder(record: JsonObject, schema: z.ZodType): JsonObject {
  const parsed = schema.safeParse(record);
  if (!parsed.success) return record;
  const ordered = JsonObjectSchema.safeParse(JSON.parse(JSON.stringify(parsed.data)));
  if (!ordered.success || toCanonicalJson(ordered.data) !== toCanonicalJson(record)) return record;
  return ordered.data;
}

export const toHistoryKeyOrder = (row: JsonObject): JsonObject => toSchemaKeyOrder(row, HistoryRowSchema);

export const toDecisionKeyOrder = (decision: JsonObject): JsonObject =>
  toSchemaKeyOrder(decision, DecisionSchema);
