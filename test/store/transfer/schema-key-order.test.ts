/** Records read from PostgreSQL are put back in samocode's key order before a folder gets them. */
import { describe, expect, it } from 'vitest';
import { toDecisionKeyOrder, toHistoryKeyOrder } from '../../../src/store/transfer/schema-key-order.js';
import { sampleRow } from '../store-records.js';

/** Keys as PostgreSQL's jsonb returns them: shorter first, then by bytes. */
function jsonbOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, jsonbOrder((value as Record<string, unknown>)[key])]));
}

describe('toHistoryKeyOrder', () => {
  it('writes a row read back from jsonb as the runner wrote it, nested objects too', () => {
    const row = {
      ...sampleRow(3),
      decision: {
        gateId: 's/g3-approval',
        action: 'approve',
        channel: 'cli',
        who: 'me',
        at: '2026-12-07T12:00:00.000Z',
      },
    };
    const stored = JSON.parse(JSON.stringify(jsonbOrder(row)));
    expect(JSON.stringify(stored)).not.toBe(JSON.stringify(row));
    expect(JSON.stringify(toHistoryKeyOrder(stored))).toBe(JSON.stringify(row));
  });

  it('keeps a row with a field the schema does not know as it is, field and all', () => {
    const stored = JSON.parse(JSON.stringify(jsonbOrder({ ...sampleRow(1), laterField: 1 })));
    expect(toHistoryKeyOrder(stored)).toBe(stored);
  });

  it('keeps a row the schema would change (a negative cost read as 0) as it is', () => {
    const stored = { ...sampleRow(1), costUsd: -1 };
    expect(toHistoryKeyOrder(stored)).toBe(stored);
  });
});

describe('toDecisionKeyOrder', () => {
  it('writes a decision in the order samocode records it', () => {
    const decision = {
      gateId: 's/g1-approval',
      action: 'approve',
      channel: 'cli',
      who: 'me',
      at: '2026-12-07T12:00:00.000Z',
    };
    const stored = JSON.parse(JSON.stringify(jsonbOrder(decision)));
    expect(JSON.stringify(toDecisionKeyOrder(stored))).toBe(JSON.stringify(decision));
  });
});
