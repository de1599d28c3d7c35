import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { StatusTerminal } from '../../src/log/terminal.js';
import { pollUntil } from '../helpers/processes.js';

const SECRET = 'zq9-very-secret-value-4711';
const BOT = '5550001111:AAF_abcdefghijklmnopqrstuvwxyz012345';
const env = { MY_API_KEY: SECRET, HOME: '/home/x' };

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'samocode-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const localDate = (): string => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

function captureTerminal(isTty: boolean) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { terminal: new StatusTerminal(stream, isTty), text: () => text };
}

describe('createLogger', () => {
  it('writes JSON lines to a date-named rotating file and readable lines to session.log', async () => {
    const logDir = tempDir();
    const sessionDir = tempDir();
    const handle = createLogger({ logDir, sessionDir, console: false, level: 'info', env });
    handle.logger.info('first line', { phase: 'init' });
    handle.logger.warn('second line');
    handle.logger.debug('not at info level');
    await handle.close();

    const files = readdirSync(logDir).filter((name) => name.endsWith('.log'));
    expect(files).toEqual([`samocode-${localDate()}.log`]);
    const rows = readFileSync(join(logDir, files[0] ?? ''), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.level, row.message, row.phase])).toEqual([
      ['info', 'first line', 'init'],
      ['warn', 'second line', undefined],
    ]);
    expect(rows.every((row) => typeof row.timestamp === 'string')).toBe(true);

    const session = readFileSync(join(sessionDir, 'session.log'), 'utf8').trim().split('\n');
    expect(session).toHaveLength(2);
    expect(session[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ info first line \{"phase":"init"\}$/);
  });

  it('rotates by size into numbered files of the same date', async () => {
    const logDir = tempDir();
    const handle = createLogger({ logDir, console: false, level: 'info', env, retention: { maxSize: '1k' } });
    for (let i = 0; i < 40; i++) handle.logger.info(`line ${i} ${'x'.repeat(80)}`);
    await handle.close();
    const files = readdirSync(logDir)
      .filter((name) => name.startsWith('samocode-'))
      .sort();
    expect(files.length).toBeGreaterThan(1);
    for (const name of files) expect(name.startsWith(`samocode-${localDate()}.log`)).toBe(true);
    const lines = files.flatMap((name) => readFileSync(join(logDir, name), 'utf8').trim().split('\n'));
    expect(lines).toHaveLength(40);
  });

  it('closes only once a rotated-out file holds its last lines, not when the current file does', async () => {
    // The first day file is a FIFO: its writes cannot finish before a reader opens it, so the old
    // file is still writing when the log rotates to `.1` and closes (a slow disk, made certain).
    const logDir = tempDir();
    const first = join(logDir, `samocode-${localDate()}.log`);
    execFileSync('mkfifo', [first]);
    const handle = createLogger({ logDir, console: false, level: 'info', env, retention: { maxSize: '1k' } });
    for (let i = 0; i < 20; i++) handle.logger.info(`line ${i} ${'x'.repeat(80)}`);
    const later = () =>
      readdirSync(logDir)
        .filter((name) => name.startsWith('samocode-') && name !== basename(first))
        .flatMap((name) => readFileSync(join(logDir, name), 'utf8').trim().split('\n'))
        .filter(Boolean);
    await pollUntil(() => (later().length > 0 ? true : undefined), 'a line in a later file');
    // The later file has its lines, so a close that waits only for the current file ends at once;
    // the close is given a moment, well inside its own cap for a disk that never answers (3 s).
    let closed = false;
    const closing = handle.close().then(() => {
      closed = true;
    });
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 200))]);
    const closedBeforeTheOldFileWasRead = closed;
    // Read off the event loop: the FIFO gives its end only once the log closes the old file.
    const fromFifo = (await readFile(first, 'utf8')).trim().split('\n').filter(Boolean);
    await closing;
    expect(closedBeforeTheOldFileWasRead).toBe(false);
    expect(fromFifo.length + later().length).toBe(20);
  });

  it('never lets a secret from the environment, a bot token, an API key or a bearer token reach any transport', async () => {
    const logDir = tempDir();
    const sessionDir = tempDir();
    const { terminal, text } = captureTerminal(false);
    const handle = createLogger({ logDir, sessionDir, console: true, level: 'debug', env, terminal });
    handle.logger.info(`message with ${SECRET}`);
    handle.logger.warn('meta', { nested: { value: `x${SECRET}y`, list: [BOT] } });
    handle.logger.warn('error', {
      error: new Error(`failed with sk-ant-api03-abcdefghijklmnop and ${SECRET}`),
    });
    handle.logger.error('header Authorization: Bearer abc.def.ghi-12345 and sk-proj-abcdefghijklmnopqrstu');
    await handle.close();

    const outputs = [
      text(),
      readFileSync(join(sessionDir, 'session.log'), 'utf8'),
      ...readdirSync(logDir)
        .filter((name) => name.endsWith('.log'))
        .map((name) => readFileSync(join(logDir, name), 'utf8')),
    ];
    expect(outputs).toHaveLength(3);
    for (const output of outputs) {
      for (const secret of [SECRET, BOT, 'sk-ant-api03', 'abc.def.ghi', 'sk-proj-abc'])
        expect(output).not.toContain(secret);
      expect(output.split('[redacted]').length - 1).toBe(7);
    }
  });

  it('colours the console only on a TTY, and not when NO_COLOR is set', async () => {
    const plain = captureTerminal(false);
    const tty = captureTerminal(true);
    const noColour = captureTerminal(true);
    for (const [{ terminal }, extra] of [
      [plain, {}],
      [tty, {}],
      [noColour, { NO_COLOR: '1' }],
    ] as const) {
      const handle = createLogger({
        logDir: false,
        console: true,
        level: 'info',
        env: { ...env, ...extra },
        terminal,
      });
      handle.logger.info('hello');
      await handle.close();
    }
    expect(plain.text()).toMatch(/^\d\d:\d\d:\d\d info hello\n$/);
    expect(noColour.text()).toMatch(/^\d\d:\d\d:\d\d info hello\n$/);
    expect(tty.text()).toContain('\u001b[32minfo\u001b[39m hello');
  });
});

describe('createLogger: what the files hold', () => {
  it('keeps the real level and message when meta has fields of those names, and writes a cyclic meta', async () => {
    const logDir = tempDir();
    const handle = createLogger({ logDir, console: false, level: 'info', env });
    const cyclic: Record<string, unknown> = {};
    let node = cyclic;
    for (let depth = 0; depth < 30; depth++) {
      const next: Record<string, unknown> = {};
      node.next = next;
      node = next;
    }
    node.next = cyclic;
    handle.logger.warn('the real message', { level: 'debug', message: 'a fake one', phase: 'init' });
    expect(() => handle.logger.info('cyclic', { cyclic })).not.toThrow();
    await handle.close();
    const rows = readFileSync(join(logDir, `samocode-${localDate()}.log`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0]).toMatchObject({ level: 'warn', message: 'the real message', phase: 'init' });
    expect(rows[1]).toMatchObject({ level: 'info', message: 'cyclic' });
    expect(JSON.stringify(rows[1])).toContain('"next":"[circular]"');
  });

  it('removes the day files its audit lists as started more than 14 days ago, and nothing else', async () => {
    const logDir = tempDir();
    const old = join(logDir, 'samocode-2026-01-01.log');
    const unlisted = join(logDir, 'samocode-2026-01-02.log');
    for (const path of [old, unlisted]) writeFileSync(path, '{}\n');
    const date = Date.now() - 20 * 24 * 60 * 60 * 1000;
    const hash = createHash('sha256').update(`${old}LOG_FILE${date}`).digest('hex');
    const audit = {
      keep: { days: true, amount: 14 },
      auditLog: join(logDir, '.samocode-audit.json'),
      files: [{ date, name: old, hash }],
      hashType: 'sha256',
    };
    writeFileSync(join(logDir, '.samocode-audit.json'), JSON.stringify(audit));
    const handle = createLogger({ logDir, console: false, level: 'info', env });
    handle.logger.info('today');
    await handle.close();
    expect(readdirSync(logDir).sort()).toEqual([
      '.samocode-audit.json',
      'samocode-2026-01-02.log',
      `samocode-${localDate()}.log`,
    ]);
  });

  it('drops lines logged after close instead of failing', async () => {
    const logDir = tempDir();
    const handle = createLogger({ logDir, console: false, level: 'info', env });
    handle.logger.info('before');
    await handle.close();
    expect(() => handle.logger.info('after')).not.toThrow();
    await handle.close();
    const messages = readFileSync(join(logDir, `samocode-${localDate()}.log`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).message);
    expect(messages).toEqual(['before']);
  });
});

describe('createLogger when a log file cannot be written', () => {
  it('warns and keeps logging to the other transports instead of crashing', async () => {
    const base = tempDir();
    const { terminal, text } = captureTerminal(false);
    const notADir = join(base, 'file');
    writeFileSync(notADir, 'x');
    const handle = createLogger({
      logDir: join(notADir, 'logs'),
      sessionDir: join(base, 'missing'),
      console: true,
      level: 'info',
      env,
      terminal,
    });
    handle.logger.info('still here');
    await handle.close();
    const lines = text()
      .replace(/^\d\d:\d\d:\d\d /gm, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^warn cannot write the log folder .*\/file\/logs, so there is no rotating log: ENOTDIR/,
    );
    expect(lines[1]).toMatch(
      /^warn cannot write .*\/missing\/session\.log, so this run has no session\.log: ENOENT/,
    );
    expect(lines[2]).toBe('info still here');
  });

  it.each([
    [
      'a FIFO',
      (path: string) => execFileSync('mkfifo', [path]),
      /session\.log is a FIFO \(named pipe\), not a regular file/,
    ],
    [
      'a symlink',
      (path: string) => symlinkSync(join(path, '..', 'elsewhere.log'), path),
      /session\.log is a symbolic link/,
    ],
  ])(
    'writes no session.log in place of %s: warns and goes on, nothing written through it',
    async (_kind, make, why) => {
      const sessionDir = tempDir();
      make(join(sessionDir, 'session.log'));
      const { terminal, text } = captureTerminal(false);
      const handle = createLogger({ sessionDir, console: true, level: 'info', env, terminal });
      handle.logger.info('still here');
      await handle.close();
      expect(text()).toMatch(why);
      expect(text()).toContain('info still here');
      expect(readdirSync(sessionDir)).toEqual(['session.log']);
    },
  );

  it('warns once when the day file fails after start, and the other transports go on', async () => {
    const logDir = tempDir();
    const sessionDir = tempDir();
    // The day's file name is taken by a folder: opening it fails (EISDIR) after the logger is made.
    mkdirSync(join(logDir, `samocode-${localDate()}.log`));
    const { terminal, text } = captureTerminal(false);
    const handle = createLogger({ logDir, sessionDir, console: true, level: 'info', env, terminal });
    handle.logger.info('one');
    await pollUntil(() => (text().includes('is no longer written') ? true : undefined), 'the warning');
    handle.logger.info('two');
    await handle.close();
    const lines = text()
      .replace(/^\d\d:\d\d:\d\d /gm, '')
      .trim()
      .split('\n');
    expect(lines.filter((line) => line.includes('is no longer written'))).toEqual([
      expect.stringMatching(
        new RegExp(`^samocode: warning: the log in ${logDir} is no longer written: EISDIR`),
      ),
    ]);
    expect(lines.filter((line) => line.startsWith('info '))).toEqual(['info one', 'info two']);
    expect(readFileSync(join(sessionDir, 'session.log'), 'utf8')).toMatch(/ info one\n.* info two\n$/);
  });
});
