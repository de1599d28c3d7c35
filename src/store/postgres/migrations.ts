/**
 * The store's schema, as numbered migrations applied in order, once each, recorded in
 * `<schema>.samocode_schema`. A migration is only ever added, never edited: a store migrated by a
 * later samocode is refused by an earlier one rather than written with an older idea of it. Pure.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements run in order inside the migrating transaction; `s` is the quoted schema name. */
  readonly statements: (s: string) => readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, history rows, agent files, decisions, leases, queue claims and runs',
    statements: (s) => [
      `CREATE TABLE ${s}.sessions (
        name text PRIMARY KEY,
        settings jsonb,
        snapshot jsonb,
        overview text,
        account text,
        last_seq integer NOT NULL DEFAULT 0,
        worker text,
        lease_token uuid,
        lease_since timestamptz,
        lease_expires_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE TABLE ${s}.history_rows (
        session text NOT NULL REFERENCES ${s}.sessions (name) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        row jsonb NOT NULL,
        written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (session, seq)
      )`,
      `CREATE TABLE ${s}.agent_files (
        session text NOT NULL REFERENCES ${s}.sessions (name) ON DELETE CASCADE,
        path text NOT NULL,
        content text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (session, path)
      )`,
      `CREATE TABLE ${s}.decisions (
        gate_id text PRIMARY KEY,
        session text NOT NULL,
        decision jsonb NOT NULL,
        writer uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
      `CREATE INDEX decisions_session ON ${s}.decisions (session)`,
      `CREATE TABLE ${s}.claims (
        job_id uuid PRIMARY KEY,
        session text NOT NULL UNIQUE,
        args jsonb NOT NULL,
        worker text NOT NULL,
        account text,
        lease_token uuid NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        requeue jsonb
      )`,
      `CREATE TABLE ${s}.runs (
        id bigserial PRIMARY KEY,
        job_id uuid NOT NULL,
        session text NOT NULL,
        worker text NOT NULL,
        account text,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        outcome jsonb NOT NULL
      )`,
      `CREATE INDEX runs_session ON ${s}.runs (session, ended_at)`,
    ],
  },
  {
    version: 2,
    name: 'the keys of the notifications sent for each session',
    statements: (s) => [`ALTER TABLE ${s}.sessions ADD COLUMN notified jsonb`],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
