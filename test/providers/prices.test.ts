import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PRICES,
  estimateClaudeCostUsd,
  estimateCostUsd,
  readPriceTable,
} from '../../src/providers/prices.js';

describe('price table', () => {
  it('estimates from per-million-token prices, falling back to the default row', () => {
    expect(estimateCostUsd(BUILT_IN_PRICES, 'gpt-5', 1_000_000, 100_000)).toBeCloseTo(2.25);
    expect(estimateCostUsd(BUILT_IN_PRICES, '', 2000, 100)).toBeCloseTo(0.0035);
  });

  it('lays SAMOCODE_PRICES (inline JSON or a file) over the built-in table', () => {
    const inline = readPriceTable('{"my-model": {"inputPerMTok": 1, "outputPerMTok": 2}}');
    expect(inline['my-model']).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(inline.default).toEqual(BUILT_IN_PRICES.default);
    const dir = mkdtempSync(join(tmpdir(), 'samocode-prices-'));
    try {
      const file = join(dir, 'prices.json');
      writeFileSync(file, '{"default": {"inputPerMTok": 0, "outputPerMTok": 0}}');
      expect(estimateCostUsd(readPriceTable(file), 'unknown', 5000, 5000)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['{"m": {"inputPerMTok": -1, "outputPerMTok": 1}}', /m\.inputPerMTok/],
    ['{nope', /not JSON/],
    ['/no/such/prices.json', /cannot read/],
  ])('refuses a bad table %j with config.invalid', (source, message) => {
    expect(() => readPriceTable(source)).toThrow(message);
    expect(() => readPriceTable(source)).toThrow(expect.objectContaining({ code: 'config.invalid' }));
  });

  it('estimates a claude cost by the model, its family, else the dearest family (so a cap is never weakened)', () => {
    expect(estimateClaudeCostUsd(BUILT_IN_PRICES, 'sonnet', 1_000_000, 100_000)).toBeCloseTo(4.5);
    expect(estimateClaudeCostUsd(BUILT_IN_PRICES, 'claude-sonnet-4-5-20250929', 1_000_000, 0)).toBeCloseTo(3);
    expect(estimateClaudeCostUsd(BUILT_IN_PRICES, 'claude-haiku-4-5', 0, 1_000_000)).toBeCloseTo(5);
    expect(estimateClaudeCostUsd(BUILT_IN_PRICES, 'opus', 1_000_000, 0)).toBeCloseTo(15);
    expect(estimateClaudeCostUsd(BUILT_IN_PRICES, 'some-new-model', 1_000_000, 0)).toBeCloseTo(15);
    const table = readPriceTable('{"claude-sonnet-4-5": {"inputPerMTok": 1, "outputPerMTok": 1}}');
    expect(estimateClaudeCostUsd(table, 'claude-sonnet-4-5', 1_000_000, 0)).toBeCloseTo(1);
  });
});
