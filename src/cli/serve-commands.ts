/**
 * `submit` (queue a session with the flags of `run`), `serve` (run the queued sessions on this
 * machine) and `worker` (run a shared store's queue, on any machine). Kept apart from program.ts so each command stays a lazy import.
 */
import type { Command } from 'commander';
import { addRunFlags } from './run-flags.js';

type SetExit = (code: number) => void;

export function addServeCommands(
  program: Command,
  setExit: SetExit,
  requireSessionOptions: (command: Command) => void,
): void {
  const submit = program
    .command('submit')
    .hook('preAction', requireSessionOptions)
    .description(
      'check a session as run does, then queue it for samocode serve (or, with SAMOCODE_STORE, for samocode worker); returns at once',
    )
    .option('--config <path>', 'path to the project .samocode file')
    .option('--session <name>', 'session name ([A-Za-z0-9._-]+, not a path)');
  addRunFlags(submit)
    .addHelpText(
      'after',
      '\nThe flags are those of run; a session is queued at most once. Exit codes: 0 queued (or queued already), 2 for a bad request.\n\nExamples:\n  samocode submit --config ~/proj/.samocode --session add-login --task "Add a login form"\n  samocode serve --config ~/proj/.samocode',
    )
    .action(async (options) => {
      const { submitCommand } = await import('./commands/submit.js');
      setExit(await submitCommand(options));
    });

  program
    .command('serve')
    .description(
      'run the sessions queued with submit, up to SAMOCODE_MAX_SESSIONS at once, waiting at gates; hosts the dashboard',
    )
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .option('--port <port>', 'dashboard port on 127.0.0.1 (default SAMOCODE_DASHBOARD_PORT, else a free one)')
    .addHelpText(
      'after',
      '\nExit codes: 0 when stopped (SIGINT or SIGTERM; every running session is queued again, resumable), 2 for a bad configuration.\n\nExample:\n  samocode serve --config ~/proj/.samocode --port 8787',
    )
    .action(async (options) => {
      const { serveCommand } = await import('./commands/serve.js');
      setExit(await serveCommand(options));
    });

  program
    .command('worker')
    .description(
      "run the sessions of the shared store's queue (SAMOCODE_STORE) on this machine, in this clone of the project",
    )
    .requiredOption('--config <path>', "path to the project .samocode file (MAIN_REPO: this machine's clone)")
    .option('--concurrency <n>', 'sessions this worker runs at once (default SAMOCODE_MAX_SESSIONS)')
    .option('--until-idle', 'exit once nothing is queued or running on any worker')
    .option('--name <name>', 'the worker name the store records (default <host>-<pid>)')
    .addHelpText(
      'after',
      '\nEach session runs until it stops (done, a gate, a block); its branch is pushed to origin at every stop, and a decision from any machine (approve, answer, grant, reject) queues it again. Exit codes: 0 when idle (--until-idle) or stopped (SIGINT or SIGTERM; every running session is queued again), 2 for a bad configuration.\n\nExample:\n  samocode worker --config ~/clone/.samocode --concurrency 2',
    )
    .action(async (options) => {
      const { workerCommand } = await import('./commands/worker.js');
      setExit(await workerCommand(options));
    });
}
