import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, describeDatabaseError } from '../../../src/store/postgres/database-errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database errors', () => {
  it.each([
    [coded('ECONNREFUSED'), 'unreachable'],
    [coded('ECONNRESET'), 'unreachable'],
    [coded('57P01', 'terminating connection due to administrator command'), 'unreachable'],
    [coded('57P03', 'the database system is starting up'), 'unreachable'],
    [coded('08006'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new AggregateError([coded('ECONNREFUSED')], ''), 'unreachable'],
    [coded('40001'), 'conflict'],
    [coded('40P01'), 'conflict'],
    [coded('23505', 'duplicate key value violates unique constraint'), 'other'],
    [coded('42P01', 'relation does not exist'), 'other'],
    [coded('XX000', 'Connection terminated'), 'other'],
    [new Error('boom'), 'other'],
  ])('%s → %s', (error, expected) => {
    expect(classifyDatabaseError(error)).toBe(expected);
  });

  it('describes an error by its code and first line', () => {
    expect(describeDatabaseError(coded('57P01', 'terminating connection\nDETAIL: more'))).toBe(
      '57P01: terminating connection',
    );
    expect(
      describeDatabaseError(
        new AggregateError([coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')], ''),
      ),
    ).toBe('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1');
  });
});
