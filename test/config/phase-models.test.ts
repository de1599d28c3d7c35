import { describe, expect, it } from 'vitest';
import type { ConfigSources, PathProbe } from '../../src/config/config.js';
import { normalizePhaseModels, overlayPhaseModels, parsePhaseModels } from '../../src/config/phase-models.js';
import { resolveConfig } from '../../src/config/resolve-config.js';

describe('parsePhaseModels', () => {
  it('reads PHASE=MODEL pairs in any case and spacing; empty and none are the empty map', () => {
    expect(parsePhaseModels(' Init = haiku , planning=opus ')).toEqual({
      models: { init: 'haiku', planning: 'opus' },
      problems: [],
    });
    expect(parsePhaseModels('')).toEqual({ models: {}, problems: [] });
    expect(parsePhaseModels('NONE')).toEqual({ models: {}, problems: [] });
  });

  it('names every bad pair at once: unknown phase, empty model, no =, no phase, a space, a phase twice', () => {
    const { problems } = parsePhaseModels(
      'review=opus,init=,planning,=haiku,testing=big model,init=haiku,init=opus',
    );
    expect(problems).toEqual([
      { pair: 'review=opus', problem: "names an unknown phase 'review'" },
      { pair: 'init=', problem: "gives 'init' an empty model" },
      { pair: 'planning', problem: 'is not PHASE=MODEL (no =)' },
      { pair: '=haiku', problem: 'names no phase before =' },
      { pair: 'testing=big model', problem: "gives 'testing' a model with a space in it" },
      { pair: 'init=opus', problem: "names 'init' a second time" },
    ]);
  });

  it('keeps the map in workflow order, and lays a later flag over one phase', () => {
    expect(normalizePhaseModels('planning=opus, init=haiku')).toBe('init=haiku,planning=opus');
    expect(overlayPhaseModels('init=haiku,planning=opus', { planning: 'sonnet' })).toBe(
      'init=haiku,planning=sonnet',
    );
    // A map that does not parse is left as written, so the resolver reports it.
    expect(overlayPhaseModels('init', { planning: 'sonnet' })).toBe('init');
  });
});

const PROBE: PathProbe = {
  isDirectory: () => true,
  isExecutableFile: () => false,
  which: (name) => `/usr/bin/${name}`,
};

describe('resolveConfig with phase models', () => {
  it('reports every bad pair of both maps in one pass, with the variable', () => {
    const sources: ConfigSources = {
      configPath: '/p/.samocode',
      file: { MAIN_REPO: '/p/repo', WORKTREES: '/p/wt', SESSIONS: '/p/sess' },
      dotenv: {},
      env: { SAMOCODE_PHASE_MODELS: 'init=haiku,review=opus', SAMOCODE_FALLBACK_PHASE_MODELS: 'testing=' },
      flags: {},
      probe: PROBE,
    };
    const result = resolveConfig(sources);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => [issue.key, issue.received])).toEqual(
      expect.arrayContaining([
        ['SAMOCODE_PHASE_MODELS', 'review=opus'],
        ['SAMOCODE_FALLBACK_PHASE_MODELS', 'testing='],
      ]),
    );
  });
});
