import { EXIT } from '../exit-codes.js';

// TODO(issue): implemented by its issue; a placeholder keeps the program buildable.
export async function installCommand(_options: Record<string, unknown>): Promise<number> {
  process.stderr.write('samocode: install is not implemented yet\n');
  return EXIT.internalError;
}
