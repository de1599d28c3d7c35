/**
 * The commander program. Each action lazily imports its command module, so start-up loads
 * nothing it does not need. A command resolves to its exit code.
 */
import { Command, Option } from 'commander';
import { packageVersion } from '../version.js';
import { addFleetCommands } from './fleet-commands.js';

type SetExit = (code: number) => void;

export function buildProgram(setExit: SetExit): Command {
  const program = new Command('samocode')
    .description('Drive Claude Code or Codex through an explicit, path-tested workflow until a task is done.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage and examples)');

  program
    .command('run')
    .description('run a session until it completes, waits for a human, blocks or fails')
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .requiredOption('--session <name>', 'session name ([A-Za-z0-9._-]+, not a path)')
    .option('--dive <text>', 'initial investigation topic (first iteration only)')
    .option('--task <text>', 'initial task definition (first iteration only)')
    .option('--timeout <seconds>', 'per-iteration timeout in seconds')
    .addOption(new Option('--provider <name>', 'provider CLI to drive').choices(['claude', 'codex']))
    .option('--model <model>', 'model name passed to the provider')
    .option('--once', 'run one iteration, then stop')
    .option('--auto-approve', 'cross the plan-approval gate without a human')
    .option(
      '--verify <command>',
      'check the work with this shell command before completing (overrides VERIFY)',
    )
    .option('--push', "push the session branch to the main repository's origin when the session completes")
    .option('--inspect [mode]', 'serve a live view of the machine on 127.0.0.1 (mode: local | stately)')
    .option('--max-cost <usd>', 'session cost cap in US dollars (SAMOCODE_MAX_COST_USD)')
    .option('--max-tokens <n>', 'session token cap (SAMOCODE_MAX_TOKENS)')
    .option('--max-hours <h>', 'session cap on provider time in hours (SAMOCODE_MAX_HOURS)')
    .option(
      '--grant <amounts>',
      'top up budgets and continue a session blocked on one: cost=<usd>,tokens=<n>,hours=<h>',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  samocode run --config ~/proj/.samocode --session add-login --task "Add a login form"\n  samocode run --config ~/proj/.samocode --session add-login --auto-approve --inspect',
    )
    .action(async (options) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(options));
    });

  program
    .command('status')
    .description("show a session's phase, counters, reason, lock holder, recent flow and cost")
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .requiredOption('--session <name>', 'session name')
    .option('--json', 'print JSON')
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

  program
    .command('approve')
    .description('approve the plan of a session waiting at the plan-approval gate')
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .requiredOption('--session <name>', 'session name')
    .addHelpText('after', '\nExample:\n  samocode approve --config ~/proj/.samocode --session add-login')
    .action(async (options) => {
      const { approveCommand } = await import('./commands/approve.js');
      setExit(await approveCommand(options));
    });

  program
    .command('install')
    .description('link agents and skills into ~/.claude and $CODEX_HOME (default ~/.codex)')
    .option('--copy', 'copy files instead of symlinking')
    .option('--uninstall', 'remove only what samocode installed')
    .action(async (options) => {
      const { installCommand } = await import('./commands/install.js');
      setExit(await installCommand(options));
    });

  program
    .command('graph')
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
    .description('run a whole session on a throw-away project against the embedded scripted model')
    .addOption(new Option('--provider <name>', 'provider CLI').choices(['claude', 'codex']).default('claude'))
    .option('--keep', 'keep the temporary project')
    .action(async (options) => {
      const { demoCommand } = await import('./commands/demo.js');
      setExit(await demoCommand(options));
    });

  addFleetCommands(program, setExit);
  return program;
}
