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
}
