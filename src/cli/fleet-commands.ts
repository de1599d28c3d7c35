/**
 * Commands that look across sessions and the machine's surroundings: `ls`, `dashboard`, `doctor`.
 * Kept apart from program.ts so each command stays a lazy import.
 */
import type { Command } from 'commander';

type SetExit = (code: number) => void;

export function addFleetCommands(program: Command, setExit: SetExit): void {
  program
    .command('ls')
    .description('list every session under SESSIONS, the ones that need a human first')
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  samocode ls --config ~/proj/.samocode')
    .action(async (options) => {
      const { lsCommand } = await import('./commands/ls.js');
      setExit(await lsCommand(options));
    });

  program
    .command('doctor')
    .description(
      'check what a first run needs (CLI and version, credentials, root, git, paths, logs, Telegram)',
    )
    .option(
      '--config <path>',
      'path to the project .samocode file (adds the MAIN_REPO, WORKTREES, SESSIONS checks)',
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 when no check failed, 2 otherwise.\nExample:\n  samocode doctor --config ~/proj/.samocode',
    )
    .action(async (options) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      setExit(await doctorCommand(options));
    });

  program
    .command('dashboard')
    .description('serve a live page of every session on 127.0.0.1 that can also decide their gates')
    .requiredOption('--config <path>', 'path to the project .samocode file')
    .option('--port <port>', 'port on 127.0.0.1 (default SAMOCODE_DASHBOARD_PORT, else a free one)')
    .addHelpText('after', '\nExample:\n  samocode dashboard --config ~/proj/.samocode')
    .action(async (options) => {
      const { dashboardCommand } = await import('./commands/dashboard.js');
      setExit(await dashboardCommand(options));
    });
}
