import { describe, expect, it } from 'vitest';
import { migrateStateValue } from '../../machines/legacy-states.js';

describe('sub-states older versions saved', () => {
  it.each([
    [
      { requirements: 'awaitingHuman' },
      { waiting: { for: 'qa_answers' } },
      { requirements: 'awaitingAnswers' },
    ],
    [
      { implementation: 'awaitingHuman' },
      { waiting: { for: 'human_action' } },
      { implementation: 'awaitingAction' },
    ],
    // No (or an unreadable) wait recorded: a human action, the wait that asks least of the reader.
    [{ implementation: 'awaitingHuman' }, {}, { implementation: 'awaitingAction' }],
    [
      { implementation: 'awaitingHuman' },
      { waiting: { for: 'coffee' } },
      { implementation: 'awaitingAction' },
    ],
    [{ implementation: 'awaitingHuman' }, null, { implementation: 'awaitingAction' }],
  ])('awaitingHuman %j with context %j reads as %j', (value, context, migrated) => {
    expect(migrateStateValue(value, context)).toStrictEqual(migrated);
  });

  it.each([
    ['completed', 'completed'],
    [{ planning: 'awaitingApproval' }, { planning: 'awaitingApproval' }],
    [{ requirements: 'awaitingAnswers' }, { requirements: 'awaitingAnswers' }],
    // Not one phase: left for the restore check to refuse, unchanged.
    [
      { init: 'awaitingHuman', done: 'running' },
      { init: 'awaitingHuman', done: 'running' },
    ],
    [{}, {}],
  ])('leaves %j as it is', (value, same) => {
    const context = { waiting: { for: 'qa_answers' } };
    expect(migrateStateValue(value, context)).toStrictEqual(same);
  });
});
