import { describe, expect, it } from 'vitest';
import { parseGrant } from '../../src/config/grant.js';

const refusal = (text: string): string => {
  try {
    parseGrant(text);
  } catch (error) {
    expect(error).toMatchObject({ code: 'config.invalid', exitCode: 2 });
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`--grant ${text} was accepted`);
};

describe('parseGrant', () => {
  it('reads decimal amounts of cost, tokens and hours, one of each at most', () => {
    expect(parseGrant('cost=5')).toEqual({ costUsd: 5, tokens: 0, ms: 0 });
    expect(parseGrant('cost=0.25, tokens=1000, hours=1.5')).toEqual({
      costUsd: 0.25,
      tokens: 1000,
      ms: 5_400_000,
    });
    expect(parseGrant('COST=.5')).toEqual({ costUsd: 0.5, tokens: 0, ms: 0 });
  });

  it.each([
    ['cost=0x10', 'cost=0x10'],
    ['cost=1e3', 'cost=1e3'],
    ['cost=1e308', 'cost=1e308'],
    ['hours=1e308', 'hours=1e308'],
    ['cost=Infinity', 'cost=Infinity'],
    ['cost=+5', 'cost=+5'],
    ['cost=5=6', 'cost=5=6'],
    ['cost=-1', 'cost=-1'],
    ['cost=0', 'cost=0'],
    ['tokens=1.5', 'tokens=1.5'],
    ['cost=', 'cost='],
    ['money=5', 'money=5'],
  ])('refuses %s, naming it', (text, named) => {
    expect(refusal(text)).toContain(`"${named}"`);
  });

  it('refuses a kind given twice instead of adding the amounts', () => {
    expect(refusal('cost=1e308,cost=1e308')).toContain('cost');
    expect(refusal('cost=2,cost=3')).toMatch(/cost.*(twice|more than once)/);
  });

  it('refuses an amount beyond the sane range and names the range', () => {
    expect(refusal('cost=10000000')).toMatch(/at most/);
    expect(refusal('hours=100000')).toMatch(/at most/);
    expect(refusal('tokens=99999999999999999999')).toMatch(/at most/);
  });

  it('never returns an amount that JSON cannot store', () => {
    const grant = parseGrant('cost=100000,tokens=1000000000000,hours=8760');
    expect(JSON.parse(JSON.stringify(grant))).toEqual(grant);
    expect(Object.values(grant).every(Number.isFinite)).toBe(true);
  });
});
