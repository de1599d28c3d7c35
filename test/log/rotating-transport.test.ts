import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRotatingTransport, RETENTION } from '../../src/log/rotating-transport.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createRotatingTransport', () => {
  it('calls back from end when winston has already closed the transport and its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samocode-rotating-'));
    dirs.push(dir);
    const log = createRotatingTransport(dir, RETENTION, (error) => {
      throw error;
    });
    log.transport.logStream.write('one line\n');
    // What winston does when the logger ends: the transport's close ends the file stream itself.
    await new Promise<void>((resolve) => {
      log.transport.once('finish', () => resolve());
      log.transport.close?.();
    });
    let calledBack = false;
    log.end(() => {
      calledBack = true;
    });
    // Before: this end waited for a 'finish' that had already come, and nothing else called back.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calledBack).toBe(true);
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.log'));
    expect(readFileSync(join(dir, file ?? ''), 'utf8')).toBe('one line\n');
  });
});
