import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { parseSamocodeFile } from '../../src/config/samocode-file.js';
import { SamocodeError } from '../../src/errors.js';
import { makeProject, makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('parseSamocodeFile', () => {
  it('reads KEY=VALUE, skips comments, blanks and lines without =, splits on the first =, expands ~', () => {
    const text = '# comment\n\n  MAIN_REPO = ~/proj \nWORKTREES=~\nNOEQUALS\nSESSIONS=/a=b\nOTHER=~user/x\n';
    expect(parseSamocodeFile(text, '/home/me')).toEqual({
      MAIN_REPO: '/home/me/proj',
      WORKTREES: '/home/me',
      SESSIONS: '/a=b',
      OTHER: '~user/x',
    });
  });
});

describe('loadConfig', () => {
  const fakeCli = () => {
    const bin = makeTempTree({ claude: '#!/bin/sh\n' });
    return bin;
  };

  it('reads .samocode and the .env next to it; the real environment wins', () => {
    const project = makeProject({ '.env': 'CLAUDE_MODEL=sonnet\nCLAUDE_MAX_TURNS=50\n' });
    const bin = fakeCli();
    const config = loadConfig({
      configPath: project.configPath,
      env: { PATH: '/nowhere', CLAUDE_PATH: join(bin, 'claude'), CLAUDE_MAX_TURNS: '7' },
      cwd: project.root,
      requireCli: false,
    });
    expect(config.model).toBe('sonnet');
    expect(config.claude.maxTurns).toBe(7);
    expect(config.sessions).toBe(project.sessions);
  });

  it('the .env next to .samocode wins over the one in the current directory', () => {
    const project = makeProject({
      '.env': 'CLAUDE_MODEL=project\n',
      'cwd/.env': 'CLAUDE_MODEL=cwd\nCODEX_MODEL=from-cwd\n',
    });
    const config = loadConfig({
      configPath: project.configPath,
      env: { PATH: '/nowhere' },
      cwd: join(project.root, 'cwd'),
      requireCli: false,
    });
    expect(config.model).toBe('project');
    expect(config.codex.model).toBe('from-cwd');
  });

  it('a missing CLI is a config error with exit code 2', () => {
    const project = makeProject();
    let caught: unknown;
    try {
      loadConfig({ configPath: project.configPath, env: { PATH: '/nowhere' }, cwd: project.root });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamocodeError);
    expect((caught as SamocodeError).code).toBe('config.invalid');
    expect((caught as SamocodeError).exitCode).toBe(2);
    expect((caught as SamocodeError).message).toContain('CLAUDE_PATH: got "claude"');
  });

  it('a missing .samocode names the path', () => {
    const root = makeTempTree();
    expect(() => loadConfig({ configPath: join(root, '.samocode'), env: {} })).toThrow(
      /config file not found/,
    );
    writeFileSync(join(root, 'x'), '');
  });
});
