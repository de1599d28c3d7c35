import { resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('inspector life cycle', () => {
  it('lets the process end by itself after stop(), with no reconnect timer left behind', async () => {
    const result = await execa('node', ['--import', 'tsx', 'test/inspect/fixtures/inspect-then-return.ts'], {
      cwd: root,
      reject: false,
      // A reconnect timer left behind keeps the process alive for ever: any deadline catches it.
      timeout: 120_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^stopped \d+$/);
  });
});
