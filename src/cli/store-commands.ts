/**
 * `samocode store import|export`: moving sessions between the session folder and a PostgreSQL
 * store. Kept apart from program.ts so each command stays a lazy import.
 */
import type { Command } from 'commander';

type SetExit = (code: number) => void;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addStoreCommands(program: Command, setExit: SetExit): void {
  const store = program
    .command('store')
    .description('move sessions between the session folder and the PostgreSQL store (SAMOCODE_STORE)')
    .addHelpText(
      'after',
      '\nExamples:\n  samocode store import --config ~/proj/.samocode\n  samocode store export --config ~/proj/.samocode --session add-login',
    );

  const transfer = (direction: 'import' | 'export', description: string, example: string) =>
    store
      .command(direction)
      .description(description)
      .requiredOption('--config <path>', 'path to the project .samocode file')
      .option(
        '--session <name>',
        'copy only this session (repeat for more; default: every session)',
        collect,
        [],
      )
      .addHelpText(
        'after',
        `\nA session the target holds already with the same history is left alone; one whose copy there has more or other history is refused, never overwritten; one a run holds is skipped.\nExit codes: 0 when every session is copied or there already, 1 otherwise, 2 when SAMOCODE_STORE is not set.\n\nExample:\n  ${example}`,
      )
      .action(async (options: { config: string; session?: string[] }) => {
        const { storeTransferCommand } = await import('./commands/store-transfer.js');
        setExit(await storeTransferCommand(direction, options));
      });

  transfer(
    'import',
    'copy the sessions of the session folder (SESSIONS) into the PostgreSQL store SAMOCODE_STORE names',
    'samocode store import --config ~/proj/.samocode --session add-login --session fix-tests',
  );
  transfer(
    'export',
    'copy the sessions of the PostgreSQL store SAMOCODE_STORE names into the session folder (SESSIONS)',
    'samocode store export --config ~/proj/.samocode --session add-login',
  );
}
