import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClaudeArgs } from '../../src/providers/claude/argv.js';
import { buildCodexArgs } from '../../src/providers/codex/argv.js';
import { createFakeRun, FAKE_BIN, type FakeRun } from './fake-path.js';
import { FIXTURE_DIR } from './fixture-lines.js';

const runs: FakeRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.remove();
});

function setUp(scenario: unknown = { steps: [] }, extraEnv: Record<string, string> = {}): FakeRun {
  const run = createFakeRun(scenario, extraEnv);
  runs.push(run);
  return run;
}

async function runFake(name: 'claude' | 'codex', args: string[], run: FakeRun, input = 'prompt\n') {
  return execa(join(FAKE_BIN, name), args, {
    cwd: run.dir,
    env: run.env,
    extendEnv: false,
    input,
    reject: false,
  });
}

const CLAP_TAIL =
  "\n\nUsage: codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] <COMMAND> [ARGS]\n\nFor more information, try '--help'.";

describe('fake CLIs reject bad argv like the real ones', () => {
  it.each([
    [['-p', '--bogus-flag'], "error: unknown option '--bogus-flag'"],
    [
      ['-p', '--output-format', 'yaml'],
      "error: option '--output-format <format>' argument 'yaml' is invalid. Allowed choices are text, json, stream-json.",
    ],
    [
      ['-p', '--output-format', 'stream-json'],
      'Error: When using --print, --output-format=stream-json requires --verbose',
    ],
    [
      ['-p', '--max-turns', 'abc'],
      "error: option '--max-turns <turns>' argument 'abc' is invalid. must be a number",
    ],
  ])('claude %j fails with exit 1 and the real message', async (args, message) => {
    const result = await runFake('claude', args, setUp());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe('');
  });

  it.each(['--full-auto', '--max-turns', '-a', '--bogus'])(
    'codex exec %s fails with the clap text and exit 2',
    async (flag) => {
      const result = await runFake('codex', ['exec', '--json', flag, '-'], setUp());
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        `error: unexpected argument '${flag}' found\n\n  tip: to pass '${flag}' as a value, use '-- ${flag}'${CLAP_TAIL}`,
      );
      expect(result.stdout).toBe('');
    },
  );

  it('claude refuses bypass mode as root without IS_SANDBOX=1', async () => {
    const result = await runFake(
      'claude',
      buildClaudeArgs({ model: 'm', maxTurns: 3 }),
      setUp({ steps: [] }, { IS_SANDBOX: '' }),
    );
    if (process.getuid?.() === 0) {
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
      );
    } else {
      expect(result.exitCode).toBe(0);
    }
  });

  it('codex outside a git repo without --skip-git-repo-check fails with the trust error', async () => {
    const run = setUp();
    const result = await runFake('codex', ['exec', '--json', '-C', run.dir, '-'], run);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'Not inside a trusted directory and --skip-git-repo-check was not specified.',
    );
    expect(result.stdout).toBe('');
  });

  it('accepts the exact argv samocode builds and reads the prompt from stdin', async () => {
    const run = setUp();
    const claude = await runFake('claude', buildClaudeArgs({ model: 'm', maxTurns: 3 }), run, 'hello claude');
    const codex = await runFake('codex', buildCodexArgs({ model: 'gpt' }, run.dir), run, 'hello codex');
    expect([claude.exitCode, codex.exitCode]).toEqual([0, 0]);
    expect(run.readInvocations()).toMatchObject([
      { cli: 'claude', prompt: 'hello claude' },
      { cli: 'codex', prompt: 'hello codex' },
    ]);
  });
});

function typesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return '?';
      const subtype = 'subtype' in parsed ? `/${String(parsed.subtype)}` : '';
      return `${String(parsed.type)}${subtype}`;
    });
}

describe('fake output keeps the shape of the golden captures', () => {
  it('claude: a signal write has the line sequence of success-write-tool', async () => {
    const run = setUp({
      steps: [{ do: 'say', text: 'writing' }, { do: 'signal' }, { do: 'say', text: 'done' }],
    });
    const fake = await runFake('claude', buildClaudeArgs({ model: 'm', maxTurns: 9 }), run);
    const golden = readFileSync(
      join(FIXTURE_DIR, 'claude-2.1.331', 'success-write-tool.stream.jsonl'),
      'utf8',
    );
    // The fake ends a scripted run with its own closing message, one assistant line more than the capture.
    expect(
      typesOf(fake.stdout).filter((type, i, all) => !(type === 'assistant' && all[i + 1] === 'assistant')),
    ).toEqual(
      typesOf(golden).filter((type, i, all) => !(type === 'assistant' && all[i + 1] === 'assistant')),
    );
  });

  it('codex: a usage limit has the event sequence of usage-limit.jsonl', async () => {
    const run = setUp({ steps: [{ do: 'outcome', kind: 'usage_limit' }] });
    const fake = await runFake('codex', buildCodexArgs({ model: '' }, run.dir), run);
    const golden = readFileSync(join(FIXTURE_DIR, 'codex-0.169.0', 'usage-limit.jsonl'), 'utf8');
    expect(fake.exitCode).toBe(1);
    expect(typesOf(fake.stdout)).toEqual(typesOf(golden));
    expect(fake.stdout.split('\n')[3]).toBe(golden.split('\n')[3]);
  });
});
