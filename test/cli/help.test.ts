/** Every command's --help ends with examples, as the README promises. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

describe('--help', () => {
  const program = buildProgram(() => undefined);
  it.each(program.commands.map((command) => [command.name(), command] as const))(
    '%s --help shows examples',
    (_name, command) => {
      let text = '';
      command.configureOutput({ writeOut: (chunk) => (text += chunk) });
      command.outputHelp();
      expect(text).toMatch(/\nExamples?:\n {2}samocode /);
    },
  );
});
