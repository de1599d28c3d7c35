/**
 * A throwaway PostgreSQL cluster for the store's tests: `initdb` in a temp folder, started with
 * `pg_ctl` on a free 127.0.0.1 port (as the `postgres` user when the tests run as root, since the
 * server refuses to run as root), one database per test file, stopped and removed at the end.
 * Tests run it without fsync (`isDurable` keeps PostgreSQL's defaults, for benchmarks).
 * When PostgreSQL cannot be started the caller skips its tier with a loud message; with
 * `SAMOCODE_REQUIRE_POSTGRES=1` (CI) that is a failure instead.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export const REQUIRE_POSTGRES_ENV = 'SAMOCODE_REQUIRE_POSTGRES';

/** Debian keeps each major's binaries in /usr/lib/postgresql/<major>/bin; elsewhere they are on PATH. */
function findBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(debian, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0] !== undefined) return join(debian, majors[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  readonly port: number;
  readonly binDir: string;
  /** A fresh, empty database for one test file (or one test); its connection URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut), keeping the data. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again on the same port. */
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): void;
}

class Cluster implements PostgresCluster {
  private databases = 0;
  private running = false;

  constructor(
    readonly binDir: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
    private readonly isDurable: boolean,
  ) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  private argv(tool: string, args: readonly string[]): [string, string[]] {
    const command = join(this.binDir, tool);
    return this.asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  }

  /** Synchronous: for the exit hook, where nothing async runs. */
  runSync(tool: string, args: readonly string[]): void {
    const [file, argv] = this.argv(tool, args);
    execFileSync(file, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async run(tool: string, args: readonly string[]): Promise<void> {
    const [file, argv] = this.argv(tool, args);
    await execFileAsync(file, argv, { cwd: this.dir });
  }

  async startServer(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-k ${this.dir}`,
      // A test cluster: speed over durability (unless a benchmark asks), little memory on a shared machine.
      ...(this.isDurable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c shared_buffers=16MB',
      '-c max_connections=200',
    ].join(' ');
    await this.run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '120',
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      options,
    ]);
    this.running = true;
  }

  async stopServer(): Promise<void> {
    if (!this.running) return;
    await this.run('pg_ctl', ['stop', '-w', '-t', '120', '-m', 'fast', '-D', this.dataDir]);
    this.running = false;
  }

  async createDatabase(name?: string): Promise<string> {
    this.databases += 1;
    const database = name ?? `test_${process.pid}_${this.databases}`;
    const admin = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  destroy(): void {
    try {
      if (this.running) this.runSync('pg_ctl', ['stop', '-w', '-t', '120', '-m', 'fast', '-D', this.dataDir]);
    } catch {
      // A server that will not stop cleanly is stopped harder; its folder goes either way.
      try {
        this.runSync('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', this.dataDir]);
      } catch {}
    } finally {
      this.running = false;
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  serverLog(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').slice(-2000);
    } catch {
      return '';
    }
  }
}

async function start(isDurable: boolean): Promise<Cluster> {
  const binDir = findBinDir();
  if (binDir === undefined) throw new Error('no initdb found (install the Debian package postgresql)');
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'samocode-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  let lastError: unknown;
  // The free port can be taken between the probe and the start; a few tries settle it.
  for (let tries = 0; tries < 5; tries += 1) {
    const cluster = new Cluster(binDir, dir, await freePort(), isRoot, isDurable);
    try {
      if (!existsSync(cluster.dataDir)) {
        await cluster.run('initdb', [
          '-D',
          cluster.dataDir,
          '-U',
          'postgres',
          '--auth=trust',
          '-E',
          'UTF8',
          '--no-sync',
        ]);
      }
      await cluster.startServer();
      return cluster;
    } catch (error) {
      lastError = new Error(`${String(error)}\n${cluster.serverLog()}`, { cause: error });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

const started: PostgresCluster[] = [];
process.once('exit', () => {
  for (const cluster of started.splice(0)) cluster.destroy();
});

/**
 * A started cluster, or `undefined` after a loud message saying the PostgreSQL tier is skipped
 * and why. Throws instead when `SAMOCODE_REQUIRE_POSTGRES=1`.
 */
export async function startPostgres(
  tier: string,
  options: { readonly isDurable?: boolean } = {},
): Promise<PostgresCluster | undefined> {
  try {
    const cluster = await start(options.isDurable === true);
    started.push(cluster);
    return cluster;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env[REQUIRE_POSTGRES_ENV] === '1') {
      throw new Error(`PostgreSQL could not be started and ${REQUIRE_POSTGRES_ENV}=1: ${reason}`);
    }
    const line = '!'.repeat(78);
    process.stderr.write(
      `\n${line}\n!! SKIPPED: ${tier} needs PostgreSQL, which could not be started here.\n!! ${reason.split('\n')[0]}\n!! Install it (apt-get install -y postgresql) or set ${REQUIRE_POSTGRES_ENV}=1 to fail instead.\n${line}\n\n`,
    );
    return undefined;
  }
}

/** Stops and removes a cluster (afterAll). */
export function stopPostgres(cluster: PostgresCluster | undefined): void {
  if (cluster === undefined) return;
  const index = started.indexOf(cluster);
  if (index >= 0) started.splice(index, 1);
  cluster.destroy();
}

let schemas = 0;

/** A schema name no other test of this process uses, for a test's own tables. */
export function freshSchema(prefix = 't'): string {
  schemas += 1;
  return `${prefix}${process.pid}_${schemas}`;
}
