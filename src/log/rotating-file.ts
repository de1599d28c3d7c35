/**
 * The rotating JSON log: `samocode-YYYY-MM-DD.log` by local date, numbered `.1`, `.2` … when a
 * day's file reaches `maxBytes`, and files last written more than `maxDays` ago removed. Lines are
 * written synchronously, so none is lost when the process exits and their order is the call order.
 * A failed write is reported once and the file is then left alone: logging never stops a run.
 */
import { closeSync, fstatSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  readonly dir: string;
  readonly maxBytes: number;
  readonly maxDays: number;
  /** Called once, on the first failure; nothing more is written after it. */
  readonly onError: (error: unknown) => void;
  readonly now?: () => Date;
}

export interface RotatingFile {
  write(line: string): void;
  close(): void;
}

const NAME = /^samocode-(\d{4}-\d\d-\d\d)\.log(?:\.(\d+))?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The local date, as in the file name. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const fileName = (day: string, part: number): string => `samocode-${day}.log${part === 0 ? '' : `.${part}`}`;

/** `20m`, `1k`, `1g` or a byte count. */
export function parseSize(size: string | number): number {
  if (typeof size === 'number') return size;
  const match = /^(\d+)\s*([kmg]?)b?$/i.exec(size.trim());
  if (match === null) throw new Error(`not a size: ${size} (write e.g. 20m, 512k or 1g)`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}

/** `14d` or a number of days. */
export function parseDays(days: string | number): number {
  if (typeof days === 'number') return days;
  const match = /^(\d+)\s*d?$/i.exec(days.trim());
  if (match === null) throw new Error(`not a number of days: ${days} (write e.g. 14d)`);
  return Number(match[1]);
}

/** The highest part number of `day` already on disk (0 when there is none). */
function lastPart(dir: string, day: string): number {
  let last = 0;
  for (const name of readdirSync(dir)) {
    const match = NAME.exec(name);
    if (match?.[1] === day) last = Math.max(last, Number(match[2] ?? 0));
  }
  return last;
}

/** Removes our log files last written before the cutoff; one that cannot be removed is left. */
function removeOld(dir: string, maxDays: number, now: Date): void {
  const cutoff = now.getTime() - maxDays * DAY_MS;
  for (const name of readdirSync(dir)) {
    if (!NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile, or not ours to remove: retention is best effort.
    }
  }
}

export function openRotatingFile(options: RotatingFileOptions): RotatingFile {
  const now = options.now ?? (() => new Date());
  let fd: number | undefined;
  let day = '';
  let part = 0;
  let size = 0;
  let isBroken = false;

  const closeCurrent = (): void => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const openPart = (): void => {
    closeCurrent();
    fd = openSync(join(options.dir, fileName(day, part)), 'a');
    size = fstatSync(fd).size;
  };
  /** The file the next `bytes` go to: a new day starts a new file, a full one the next part. */
  const prepare = (bytes: number): number => {
    const today = localDate(now());
    if (fd === undefined || today !== day) {
      day = today;
      part = lastPart(options.dir, day);
      removeOld(options.dir, options.maxDays, now());
      openPart();
    }
    if (size > 0 && size + bytes > options.maxBytes) {
      part += 1;
      openPart();
    }
    if (fd === undefined) throw new Error(`no log file is open in ${options.dir}`);
    return fd;
  };

  return {
    write(line) {
      if (isBroken) return;
      try {
        const bytes = Buffer.from(line, 'utf8');
        const target = prepare(bytes.length);
        for (let done = 0; done < bytes.length; ) done += writeSync(target, bytes, done);
        size += bytes.length;
      } catch (error) {
        isBroken = true;
        try {
          closeCurrent();
        } catch {
          // Already reported below.
        }
        options.onError(error);
      }
    },
    close() {
      try {
        closeCurrent();
      } catch (error) {
        if (!isBroken) options.onError(error);
        isBroken = true;
      }
    },
  };
}
