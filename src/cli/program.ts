/**
 * The commander program. Each action lazily imports its command module, so start-up loads
 * nothing it does not need. A command resolves to its exit code.
 */
import { Command, Option } from 'commander';
import { packageVersion } from '../version.js';
import { addFleetCommands } from './fleet-commands.js';
import { addRunFlags } from './run-flags.js';
import { addServeCommands } from './serve-commands.js';
import { addStoreCommands } from './store-commands.js';

type SetExit = (code: number) => void;

/**
 * `--config` and `--session` are required, but checked only after commander has looked for
 * unknown options (commander's `requiredOption` is checked first), so `run --sesion x` names the
 * misspelt flag, with a suggestion, instead of reporting a missing `--session`.
 */
function requireSessionOptions(command: Command): void {
  for (const option of command.options) {
    const name = option.attributeName();
    if ((name === 'config' || name === 'session') && command.getOptionValue(name) === undefined) {
      command.error(`error: required option '${option.flags}' not specified`, {
        code: 'commander.missingMandatoryOptionValue',
      });
    }
  }
}

export function buildProgram(setExit: SetExit): Command {
  const program = new Command('samocode')
    .description('Drive Claude Code or Codex through an explicit, path-tested workflow until a task is done.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage and examples)');

  const run = program
    .command('run')
    .hook('preAction', requireSessionOptions)
    .description('run a session until it completes, waits for a human, blocks or fails')
    .option('--config <path>', 'path to the project .samocode file')
    .option('--session <name>', 'session name ([A-Za-z0-9._-]+, not a path)');
  addRunFlags(run)
    .option(
      '--wait',
      'at a human gate, stay alive (idle) until it is decided from another shell or the dashboard',
    )
    .option('--no-wait', 'exit at a human gate again (10 or 11)')
    .option('--inspect [mode]', 'serve a live view of the machine on 127.0.0.1 (mode: local | stately)')
    .addHelpText(
      'after',
      '\nThe session keeps its settings (_settings.json): a later run without flags uses them; a flag changes one.\n\nExamples:\n  samocode run --config ~/proj/.samocode --session add-login --task "Add a login form" --max-cost 5\n  samocode run --config ~/proj/.samocode --session add-login --auto-approve --inspect\n  samocode run --config ~/proj/.samocode --session add-login --model sonnet --max-cost none\n  samocode run --config ~/proj/.samocode --session add-login --model sonnet --phase-model init=haiku --phase-model planning=opus --escalate-model opus',
    )
    .action(async (options) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(options));
    });

  program
    .command('status')
    .hook('preAction', requireSessionOptions)
    .description(
      'show where a session is and why, what to run next, its counters, lock holder, recent flow and cost',
    )
    .option('--config <path>', 'path to the project .samocode file')
    .option('--session <name>', 'session name')
    .option('--json', 'print JSON')
    .option('--verbose', "add the machine's own words: its state, rule, wait reason and events")
    .addHelpText(
      'after',
      '\nExample:\n  samocode status --config ~/proj/.samocode --session add-login --json',
    )
    .action(async (options) => {
      const { statusCommand } = await import('./commands/status.js');
      setExit(await statusCommand(options));
    });

  program
    .command('plan')
    .description('print the worst case the machine allows from here: iterations, attempts, wall time, cost')
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .requiredOption('--session <name>', 'session name')
    .option('--timeout <seconds>', 'per-iteration timeout in seconds, as run would get it')
    .option('--max-cost <usd>', 'session cost cap, as run would get it')
    .option('--max-tokens <n>', 'session token cap, as run would get it')
    .option('--max-hours <h>', 'session provider-time cap, as run would get it')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExample:\n  samocode plan --config ~/proj/.samocode --session add-login --max-cost 5',
    )
    .action(async (options) => {
      const { planCommand } = await import('./commands/plan.js');
      setExit(await planCommand(options));
    });

  const decide = (name: 'approve' | 'answer' | 'grant' | 'reject', description: string, example: string) =>
    program
      .command(name)
      .hook('preAction', requireSessionOptions)
      .description(description)
      .option('--config <path>', 'path to the project .samocode file')
      .option('--session <name>', 'session name')
      .option('--gate <id>', 'the gate this decision is for (default: the gate the session is at now)')
      .addHelpText(
        'after',
        `\nA run waiting at the gate (run --wait) goes on at once; otherwise this command applies the decision and the next run goes on.\n\nExample:\n  ${example}`,
      );

  decide(
    'approve',
    'approve the plan of a session at the plan-approval gate, or say a human action it waits for is done',
    'samocode approve --config ~/proj/.samocode --session add-login',
  ).action(async (options) => {
    const { decideCommand } = await import('./commands/decide.js');
    setExit(await decideCommand('approve', options));
  });

  decide(
    'reject',
    'reject the plan of a session at the plan-approval gate: planning runs again with the reason',
    'samocode reject --config ~/proj/.samocode --session add-login --reason "split the migration out"',
  )
    .option('--reason <text>', 'why, for the planning agent')
    .action(async (options) => {
      const { decideCommand } = await import('./commands/decide.js');
      setExit(await decideCommand('reject', options));
    });

  decide(
    'answer',
    "say the questions of a session waiting for answers are answered (in its _qa.md, or --file's text copied there)",
    'samocode answer --config ~/proj/.samocode --session add-login --file answers.md',
  )
    .option('--file <path>', 'a file with the answers; it replaces _qa.md')
    .action(async (options) => {
      const { decideCommand } = await import('./commands/decide.js');
      setExit(await decideCommand('answer', options));
    });

  decide(
    'grant',
    'top up the budget that blocks a session and let it go on (what run --grant does)',
    'samocode grant --config ~/proj/.samocode --session add-login cost=5,hours=1',
  )
    .argument('[amounts]', 'cost=<usd>,tokens=<n>,hours=<h> (none for an iteration budget)')
    .action(async (amounts: string | undefined, options) => {
      const { decideCommand } = await import('./commands/decide.js');
      setExit(await decideCommand('grant', { ...options, ...(amounts === undefined ? {} : { amounts }) }));
    });

  program
    .command('stop')
    .hook('preAction', requireSessionOptions)
    .description('stop the process running a session (at work or waiting at a gate); it stays resumable')
    .option('--config <path>', 'path to the project .samocode file')
    .option('--session <name>', 'session name')
    .option('--reason <text>', 'why, for the session log')
    .addHelpText('after', '\nExample:\n  samocode stop --config ~/proj/.samocode --session add-login')
    .action(async (options) => {
      const { stopCommand } = await import('./commands/stop.js');
      setExit(await stopCommand(options));
    });

  program
    .command('install')
    .description('link agents and skills into ~/.claude and $CODEX_HOME (default ~/.codex)')
    .option('--copy', 'copy files instead of symlinking')
    .option('--uninstall', 'remove only what samocode installed')
    .addHelpText(
      'after',
      '\nExamples:\n  samocode install\n  samocode install --copy\n  samocode install --uninstall',
    )
    .action(async (options) => {
      const { installCommand } = await import('./commands/install.js');
      setExit(await installCommand(options));
    });

  program
    .command('graph')
    .addHelpText(
      'after',
      '\nExamples:\n  samocode graph\n  samocode graph --format dot | dot -Tsvg > machine.svg',
    )
    .description('print the session machine as a diagram')
    .addOption(
      new Option('--format <format>', 'diagram format')
        .choices(['mermaid', 'dot', 'json'])
        .default('mermaid'),
    )
    .action(async (options) => {
      const { graphCommand } = await import('./commands/graph.js');
      setExit(await graphCommand(options));
    });

  program
    .command('demo')
    .description(
      'run a whole session against the embedded scripted model (offline), on a throw-away project or on your own repository',
    )
    .addOption(new Option('--provider <name>', 'provider CLI (default: claude)').choices(['claude', 'codex']))
    .option('--keep', 'keep the temporary project')
    .option(
      '--repo <path>',
      'run on this git repository instead: in a worktree on a branch of its own (kept; the end says how to remove it)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  samocode demo\n  samocode demo --provider codex --keep\n  samocode demo --repo ~/code/app\n  npm run demo -- --keep        (from a clone: note the -- before the demo flags)',
    )
    // `npm run demo --provider codex` (no `--`) reaches us as a bare `codex`; the demo sorts it out.
    .allowExcessArguments(true)
    .action(async (options, command: Command) => {
      const { demoCommand } = await import('./commands/demo.js');
      setExit(await demoCommand(options, command.args));
    });

  addFleetCommands(program, setExit);
  addServeCommands(program, setExit, requireSessionOptions);
  addCleanCommand(program, setExit);
  addStoreCommands(program, setExit);

  return program;
}

function addCleanCommand(program: Command, setExit: SetExit): void {
  program
    .command('clean')
    .hook('preAction', requireSessionOptions)
    .description(
      "remove a session's worktree; keep its branch (or delete it), never losing work without --force",
    )
    .option('--config <path>', 'path to the project .samocode file')
    .option('--session <name>', 'session name')
    .option(
      '--delete-branch',
      'also delete the session branch (refused while it has commits the main branch lacks)',
    )
    .option('--force', 'discard uncommitted changes in the worktree, and delete an unmerged branch')
    .addHelpText(
      'after',
      '\nExamples:\n  samocode clean --config ~/proj/.samocode --session add-login\n  samocode clean --config ~/proj/.samocode --session add-login --delete-branch',
    )
    .action(async (options) => {
      const { cleanCommand } = await import('./commands/clean.js');
      setExit(await cleanCommand(options));
    });
}
