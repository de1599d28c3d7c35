import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { parseSamocodeFile } from '../../src/config/samocode-file.js';
import { SamocodeError } from '../../src/errors.js';
import { makeProject, makeTempTree, removeTempTrees } from '../helpers/temp-session.js';

afterEach(removeTempTrees);

describe('parseSamocodeFile', () => {
  it('reads KEY=VALUE, skips comments and blanks, splits on the first =, expands ~', () => {
    const text = '# comment\n\n  MAIN_REPO = ~/proj \nWORKTREES=~\nSESSIONS=/a=b\nCLAUDE_MODEL=~user/x\n';
    expect(parseSamocodeFile(text, '/home/me')).toEqual({
      values: {
        MAIN_REPO: '/home/me/proj',
        WORKTREES: '/home/me',
        SESSIONS: '/a=b',
        CLAUDE_MODEL: '~user/x',
      },
      issues: [],
      warnings: [],
    });
  });

  it.each([
    ['MAIN_REPO="../app"', '../app'],
    ["MAIN_REPO='../app'", '../app'],
    ['MAIN_REPO="../my app" # the repo', '../my app'],
    ['MAIN_REPO="a # not a comment"', 'a # not a comment'],
    ['MAIN_REPO=../x # note', '../x'],
    ['MAIN_REPO=../x\t# note', '../x'],
    ['MAIN_REPO=../x#y', '../x#y'],
    ['MAIN_REPO=', ''],
    ['MAIN_REPO="~/app"', '/home/me/app'],
  ])('%s gives %j', (line, value) => {
    const parsed = parseSamocodeFile(line, '/home/me');
    expect(parsed.issues).toEqual([]);
    expect(parsed.values.MAIN_REPO).toBe(value);
  });

  it('a line without = is an issue with the fix, naming the line', () => {
    const parsed = parseSamocodeFile('# x\nMAIN_REPO ../app\n', '/h', '/p/.samocode');
    expect(parsed.values).toEqual({});
    expect(parsed.issues).toEqual([
      {
        key: '/p/.samocode line 2',
        received: 'MAIN_REPO ../app',
        expected: 'KEY=VALUE',
        fix: 'write it as MAIN_REPO=../app',
      },
    ]);
  });

  it.each([
    ['=x', 'KEY=VALUE'],
    ['MAIN REPO=x', 'KEY=VALUE'],
    ['MAIN_REPO="../app', 'KEY=VALUE (the " quote is not closed)'],
    ["MAIN_REPO='a' b", 'KEY=VALUE (unexpected text after the closing quote: b)'],
  ])('%s is an issue: %s', (line, expected) => {
    const parsed = parseSamocodeFile(line, '/h');
    expect(parsed.issues.map((issue) => issue.expected)).toEqual([expected]);
    expect(parsed.values).toEqual({});
  });

  it('an unknown key is warned about, with a suggestion when one is close', () => {
    const parsed = parseSamocodeFile('MAIN_REOP=x\nWORKTREE=y\nANTHROPIC_API_KEY=z\n', '/h', '.samocode');
    expect(parsed.issues).toEqual([]);
    expect(parsed.warnings).toEqual([
      '.samocode line 1: unknown key MAIN_REOP is ignored; did you mean MAIN_REPO?',
      '.samocode line 2: unknown key WORKTREE is ignored; did you mean WORKTREES?',
      ".samocode line 3: unknown key ANTHROPIC_API_KEY is ignored (samocode's keys are listed in its README; environment variables for the provider belong in a .env file next to .samocode)",
    ]);
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

  it('malformed lines and bad values are reported together (exit 2); unknown keys are warned about', () => {
    const project = makeProject({
      '.samocode': 'MAIN_REPO ../repo\nWORKTREES=worktrees # mine\nSESSIONS="sessions"\nSESIONS=x\n',
      'repo/': '',
      'worktrees/': '',
      'sessions/': '',
    });
    const warnings: string[] = [];
    let caught: unknown;
    try {
      loadConfig({
        configPath: project.configPath,
        env: { PATH: '/nowhere' },
        cwd: project.root,
        requireCli: false,
        warn: (message) => warnings.push(message),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamocodeError);
    const message = (caught as SamocodeError).message;
    expect(message).toContain('configuration has 2 problems');
    expect(message).toContain(
      `${project.configPath} line 1: got "MAIN_REPO ../repo", expected KEY=VALUE; write it as MAIN_REPO=../repo`,
    );
    expect(message).toContain('MAIN_REPO: missing');
    expect(message).not.toContain('WORKTREES');
    expect(message).not.toContain('SESSIONS');
    expect(warnings).toEqual([
      `${project.configPath} line 4: unknown key SESIONS is ignored; did you mean SESSIONS?`,
    ]);
  });

  it('a missing .samocode names the path', () => {
    const root = makeTempTree();
    expect(() => loadConfig({ configPath: join(root, '.samocode'), env: {} })).toThrow(
      /config file not found/,
    );
    writeFileSync(join(root, 'x'), '');
  });
});
