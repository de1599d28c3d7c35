/** The registry's consistency check names every problem, and its graph questions answer exactly. */
import { describe, expect, it } from 'vitest';
import { isPhase, PHASE_REGISTRY, type Phase, type PhaseRegistry } from '../../machines/phases.js';
import { canReach, isBudgetChecked, validateRegistry } from '../../machines/registry-graph.js';
import { buildWorkflow } from '../../machines/workflow.js';

/** A registry as a config file could hold it: `field` of `phase` set to anything, types unchecked. */
function withField(phase: Phase, field: string, value: unknown): PhaseRegistry {
  const spec = { ...PHASE_REGISTRY[phase] };
  Reflect.set(spec, field, value);
  return { ...PHASE_REGISTRY, [phase]: spec };
}

describe('validateRegistry', () => {
  it('finds nothing wrong with the real registry', () => {
    expect(validateRegistry(PHASE_REGISTRY)).toStrictEqual([]);
  });

  it.each<[string, PhaseRegistry, string[]]>([
    [
      'an unknown next phase',
      withField('init', 'next', ['investigation', 'deploy']),
      ["phase 'init': unknown next phase 'deploy'"],
    ],
    [
      'a phase listing itself',
      withField('testing', 'next', ['quality', 'testing']),
      ["phase 'testing': lists itself as a next phase (staying is implicit)"],
    ],
    [
      'an unknown signal',
      withField('init', 'signals', ['continue', 'blocked', 'pause']),
      ["phase 'init': unknown signal 'pause'"],
    ],
    [
      'an unknown wait',
      withField('requirements', 'waits', ['qa_answers', 'coffee']),
      ["phase 'requirements': unknown wait 'coffee'"],
    ],
    [
      'waits without the waiting signal',
      withField('requirements', 'signals', ['continue', 'blocked']),
      ["phase 'requirements': has waits but does not allow the 'waiting' signal"],
    ],
    [
      'the waiting signal without waits',
      withField('init', 'signals', ['continue', 'waiting', 'blocked']),
      ["phase 'init': allows 'waiting' but lists no wait reasons"],
    ],
    [
      'done outside the terminal phase',
      withField('init', 'signals', ['continue', 'done', 'blocked']),
      ["phase 'init': 'done' must be allowed in 'done' and nowhere else"],
    ],
    [
      'a terminal phase without done',
      withField('done', 'signals', ['blocked']),
      ["phase 'done': 'done' must be allowed in 'done' and nowhere else"],
    ],
    [
      'a phase that cannot block',
      withField('quality', 'signals', ['continue']),
      ["phase 'quality': must allow 'blocked'"],
    ],
    [
      'a fractional budget',
      withField('init', 'maxIterations', 1.5),
      ["phase 'init': maxIterations must be a whole number of at least 1"],
    ],
    [
      'a budget of zero',
      withField('init', 'maxIterations', 0),
      ["phase 'init': maxIterations must be a whole number of at least 1"],
    ],
    ['a budget of one', withField('init', 'maxIterations', 1), []],
    [
      'a gate whose wait the phase lacks',
      withField('planning', 'approval', { wait: 'qa_answers', to: 'implementation' }),
      ["phase 'planning': approval wait 'qa_answers' is not one of its waits"],
    ],
    [
      'a gate leading outside the next phases',
      withField('planning', 'approval', { wait: 'plan_approval', to: 'testing' }),
      ["phase 'planning': approval target 'testing' is not one of its next phases"],
    ],
    [
      'a terminal phase with a next phase',
      withField('done', 'next', ['init']),
      ["phase 'done' must have no next phase"],
    ],
  ])('names %s', (_name, registry, problems) => {
    expect(validateRegistry(registry)).toStrictEqual(problems);
  });

  it.each(['Init-agent', 'init_agent', 'init-agents', 'my init-agent', 'agent'])(
    'refuses the malformed agent name %j',
    (agent) => {
      expect(validateRegistry(withField('init', 'agent', agent))).toStrictEqual([
        `phase 'init': agent name '${agent}' is malformed`,
      ]);
    },
  );

  it('buildWorkflow refuses an unsound registry, listing its problems', () => {
    expect(() => buildWorkflow(withField('init', 'maxIterations', 0))).toThrow(
      "phase registry is unsound:\n- phase 'init': maxIterations must be a whole number of at least 1",
    );
  });

  it('buildWorkflow lists each problem of an unsound registry on its own line', () => {
    const registry = {
      ...withField('init', 'maxIterations', 0),
      done: withField('done', 'next', ['init']).done,
    };
    expect(() => buildWorkflow(registry)).toThrow(
      "phase registry is unsound:\n- phase 'init': maxIterations must be a whole number of at least 1\n- phase 'done' must have no next phase",
    );
  });

  it('lists every problem of every phase, in phase order', () => {
    const registry = {
      ...withField('init', 'maxIterations', 0),
      done: { ...PHASE_REGISTRY.done, signals: [], next: ['init'] },
    } satisfies PhaseRegistry;
    expect(validateRegistry(registry)).toStrictEqual([
      "phase 'init': maxIterations must be a whole number of at least 1",
      "phase 'done': 'done' must be allowed in 'done' and nowhere else",
      "phase 'done': must allow 'blocked'",
      "phase 'done' must have no next phase",
    ]);
  });
});

describe('the phase graph', () => {
  it.each<[Phase, Phase, boolean]>([
    ['init', 'investigation', true],
    ['init', 'done', true],
    ['implementation', 'quality', true],
    ['testing', 'testing', true],
    ['quality', 'quality', true],
    ['implementation', 'implementation', false],
    ['implementation', 'planning', false],
    ['testing', 'init', false],
    // A failed verification returns from done to testing, whatever the run's settings.
    ['done', 'done', true],
    ['done', 'testing', true],
    ['done', 'init', false],
  ])('canReach(%s, %s) is %s', (from, to, reachable) => {
    expect(canReach(PHASE_REGISTRY, from, to)).toBe(reachable);
  });

  it.each<[Phase, Phase, boolean]>([
    ['init', 'init', true],
    ['quality', 'testing', true],
    ['testing', 'quality', true],
    ['implementation', 'testing', false],
    ['testing', 'done', true],
    ['quality', 'done', true],
    ['done', 'testing', true],
    ['planning', 'implementation', false],
  ])('a move %s → %s is budget-checked: %s', (from, to, checked) => {
    expect(isBudgetChecked(PHASE_REGISTRY, from, to)).toBe(checked);
  });

  it('isPhase accepts the eight phase names and nothing else', () => {
    expect(['init', 'done', 'deploy', '', 3, undefined, null].map(isPhase)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
