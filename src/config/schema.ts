/** Every configuration variable: its default, its zod schema and how to explain a bad value. */
import * as z from 'zod';
import { PROVIDER_NAMES } from '../providers/types.js';
import { PHASE_MODELS_EXPECTED } from './phase-models.js';

const positiveInt = z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1));
/** The longest timeout or wait in seconds: Node's timers hold at most 2^31 - 1 ms. */
export const MAX_TIMEOUT_S = 2_147_483;
const timeoutSeconds = positiveInt.pipe(z.number().max(MAX_TIMEOUT_S));
const TIMEOUT_EXPECTED = `seconds, a whole number from 1 to ${MAX_TIMEOUT_S} (about 24 days)`;
const nonNegativeInt = z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0));
/** A loopback port; empty or 0 picks a free one. */
const port = z
  .string()
  .trim()
  .regex(/^\d*$/)
  .transform((text) => (text === '' ? 0 : Number(text)))
  .pipe(z.number().int().max(65_535));
const PORT_EXPECTED = 'a port number 0–65535 (0 or empty = any free port)';
/** Empty for the session folder, or a PostgreSQL URL. */
const storeUrl = z
  .string()
  .trim()
  .regex(/^$|^postgres(ql)?:\/\/\S+$/);
/** A whole number ≥ 1, or empty for none. */
const optionalCount = z
  .string()
  .trim()
  .regex(/^\d*$/)
  .transform((text) => (text === '' ? undefined : Number(text)))
  .pipe(z.number().int().min(1).optional());
/** A model name has no spaces; empty (or `none`) means none. */
const optionalModel = z.string().trim().regex(/^\S*$/);

export interface VariableSpec {
  readonly schema: z.ZodType<unknown, string>;
  readonly fallback?: string;
  readonly expected: string;
}

export const VARIABLES = {
  MAIN_REPO: { schema: z.string().min(1), expected: 'an existing directory (the project repository)' },
  WORKTREES: { schema: z.string().min(1), expected: 'an existing directory for session worktrees' },
  SESSIONS: { schema: z.string().min(1), expected: 'an existing directory for session folders' },
  SAMOCODE_PROVIDER: {
    schema: z.string().trim().toLowerCase().pipe(z.enum(PROVIDER_NAMES)),
    fallback: 'claude',
    expected: `one of ${PROVIDER_NAMES.join(', ')}`,
  },
  CLAUDE_PATH: {
    schema: z.string().min(1),
    fallback: 'claude',
    expected: 'a command name on PATH or a path',
  },
  CLAUDE_MODEL: { schema: z.string().min(1), fallback: 'opus', expected: 'a model name' },
  CLAUDE_MAX_TURNS: { schema: positiveInt, fallback: '300', expected: 'a whole number ≥ 1' },
  CLAUDE_TIMEOUT: { schema: timeoutSeconds, fallback: '1800', expected: TIMEOUT_EXPECTED },
  CODEX_PATH: { schema: z.string().min(1), fallback: 'codex', expected: 'a command name on PATH or a path' },
  CODEX_MODEL: { schema: z.string(), fallback: '', expected: "a model name, or empty for the CLI's default" },
  CODEX_TIMEOUT: { schema: timeoutSeconds, fallback: '1800', expected: TIMEOUT_EXPECTED },
  SAMOCODE_FALLBACK_PROVIDER: {
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['', 'none', ...PROVIDER_NAMES])),
    fallback: '',
    expected: `one of ${PROVIDER_NAMES.join(', ')}, other than SAMOCODE_PROVIDER, or empty (none) for no fallback`,
  },
  SAMOCODE_PHASE_MODELS: { schema: z.string(), fallback: '', expected: PHASE_MODELS_EXPECTED },
  SAMOCODE_FALLBACK_PHASE_MODELS: { schema: z.string(), fallback: '', expected: PHASE_MODELS_EXPECTED },
  SAMOCODE_ESCALATE_MODEL: {
    schema: optionalModel,
    fallback: '',
    expected: 'a model name (no spaces), or empty (none) for no escalation',
  },
  SAMOCODE_FALLBACK_ESCALATE_MODEL: {
    schema: optionalModel,
    fallback: '',
    expected:
      "a model name (no spaces), or empty (none): the fallback's escalation then runs on its phase model",
  },
  SAMOCODE_FALLBACK_AFTER: {
    schema: nonNegativeInt.pipe(z.number().max(MAX_TIMEOUT_S)),
    fallback: '900',
    expected: `seconds, a whole number from 0 to ${MAX_TIMEOUT_S}: a usage limit that resets at least this far ahead moves to the fallback provider`,
  },
  SAMOCODE_MAX_RETRIES: {
    schema: positiveInt,
    fallback: '3',
    expected: 'attempts per iteration, a whole number ≥ 1',
  },
  SAMOCODE_RETRY_DELAY: { schema: nonNegativeInt, fallback: '5', expected: 'seconds, a whole number ≥ 0' },
  SAMOCODE_MAX_SUSPEND: {
    schema: nonNegativeInt.pipe(z.number().max(MAX_TIMEOUT_S)),
    fallback: '21600',
    expected: `seconds, a whole number from 0 to ${MAX_TIMEOUT_S} (about 24 days)`,
  },
  SAMOCODE_KILL_GRACE: { schema: nonNegativeInt, fallback: '10', expected: 'seconds, a whole number ≥ 0' },
  GIT_BRANCH_PREFIX: {
    schema: z.string().regex(/^[A-Za-z0-9._/-]*$/),
    fallback: '',
    expected: 'empty or a git branch prefix ([A-Za-z0-9._/-])',
  },
  VERIFY: {
    schema: z.string().trim(),
    fallback: '',
    expected: 'a shell command that checks the work (e.g. npm test), or empty',
  },
  SAMOCODE_VERIFY_TIMEOUT: {
    schema: positiveInt,
    fallback: '1800',
    expected: 'seconds, a whole number ≥ 1',
  },
  SAMOCODE_PUSH_TIMEOUT: {
    schema: positiveInt,
    fallback: '300',
    expected: 'seconds `--push` may take, a whole number ≥ 1',
  },
  TELEGRAM_BOT_TOKEN: { schema: z.string(), fallback: '', expected: 'a bot token or empty' },
  TELEGRAM_CHAT_ID: { schema: z.string(), fallback: '', expected: 'a chat id or empty' },
  SAMOCODE_INSPECT_PORT: { schema: port, fallback: '0', expected: PORT_EXPECTED },
  SAMOCODE_DASHBOARD_PORT: { schema: port, fallback: '0', expected: PORT_EXPECTED },
  SAMOCODE_STORE: {
    schema: storeUrl,
    fallback: '',
    expected:
      'empty (the session folder on this machine) or a PostgreSQL URL such as postgres://samocode@db.example:5432/samocode',
  },
  SAMOCODE_ACCOUNT: {
    schema: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._@+-]{0,100}$/),
    fallback: '',
    expected: "empty or an account label (letters, digits, '.', '_', '@', '+', '-'), e.g. team-max",
  },
  SAMOCODE_MAX_SESSIONS: {
    schema: positiveInt,
    fallback: '1',
    expected: 'sessions one worker runs at once, a whole number ≥ 1',
  },
  SAMOCODE_MAX_PER_ACCOUNT: {
    schema: optionalCount,
    fallback: '',
    expected:
      'sessions running at once under SAMOCODE_ACCOUNT across all workers, a whole number ≥ 1, or empty for no limit',
  },
  SAMOCODE_LEASE_SECONDS: {
    schema: positiveInt.pipe(z.number().min(3).max(86_400)),
    fallback: '60',
    expected:
      'seconds a worker holds a session without renewing it (another worker takes it after that), a whole number from 3 to 86400',
  },
  SAMOCODE_HEARTBEAT_SECONDS: {
    schema: nonNegativeInt.pipe(z.number().max(MAX_TIMEOUT_S)),
    fallback: '60',
    expected: `seconds between the lines that show a running iteration when there is no terminal, a whole number from 0 (off) to ${MAX_TIMEOUT_S}`,
  },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];
/** Never shown as they are: a problem with one names it without its value's secret part. */
export const SECRET_VARIABLES: readonly VariableName[] = ['TELEGRAM_BOT_TOKEN', 'SAMOCODE_STORE'];

/** The whole configuration as one zod object over the merged raw strings. */
export const RawConfigSchema = z.object({
  MAIN_REPO: VARIABLES.MAIN_REPO.schema,
  WORKTREES: VARIABLES.WORKTREES.schema,
  SESSIONS: VARIABLES.SESSIONS.schema,
  SAMOCODE_PROVIDER: VARIABLES.SAMOCODE_PROVIDER.schema,
  CLAUDE_PATH: VARIABLES.CLAUDE_PATH.schema,
  CLAUDE_MODEL: VARIABLES.CLAUDE_MODEL.schema,
  CLAUDE_MAX_TURNS: VARIABLES.CLAUDE_MAX_TURNS.schema,
  CLAUDE_TIMEOUT: VARIABLES.CLAUDE_TIMEOUT.schema,
  CODEX_PATH: VARIABLES.CODEX_PATH.schema,
  CODEX_MODEL: VARIABLES.CODEX_MODEL.schema,
  CODEX_TIMEOUT: VARIABLES.CODEX_TIMEOUT.schema,
  SAMOCODE_FALLBACK_PROVIDER: VARIABLES.SAMOCODE_FALLBACK_PROVIDER.schema,
  SAMOCODE_PHASE_MODELS: VARIABLES.SAMOCODE_PHASE_MODELS.schema,
  SAMOCODE_FALLBACK_PHASE_MODELS: VARIABLES.SAMOCODE_FALLBACK_PHASE_MODELS.schema,
  SAMOCODE_ESCALATE_MODEL: VARIABLES.SAMOCODE_ESCALATE_MODEL.schema,
  SAMOCODE_FALLBACK_ESCALATE_MODEL: VARIABLES.SAMOCODE_FALLBACK_ESCALATE_MODEL.schema,
  SAMOCODE_FALLBACK_AFTER: VARIABLES.SAMOCODE_FALLBACK_AFTER.schema,
  SAMOCODE_MAX_RETRIES: VARIABLES.SAMOCODE_MAX_RETRIES.schema,
  SAMOCODE_RETRY_DELAY: VARIABLES.SAMOCODE_RETRY_DELAY.schema,
  SAMOCODE_MAX_SUSPEND: VARIABLES.SAMOCODE_MAX_SUSPEND.schema,
  SAMOCODE_KILL_GRACE: VARIABLES.SAMOCODE_KILL_GRACE.schema,
  GIT_BRANCH_PREFIX: VARIABLES.GIT_BRANCH_PREFIX.schema,
  VERIFY: VARIABLES.VERIFY.schema,
  SAMOCODE_VERIFY_TIMEOUT: VARIABLES.SAMOCODE_VERIFY_TIMEOUT.schema,
  SAMOCODE_PUSH_TIMEOUT: VARIABLES.SAMOCODE_PUSH_TIMEOUT.schema,
  TELEGRAM_BOT_TOKEN: VARIABLES.TELEGRAM_BOT_TOKEN.schema,
  TELEGRAM_CHAT_ID: VARIABLES.TELEGRAM_CHAT_ID.schema,
  SAMOCODE_INSPECT_PORT: VARIABLES.SAMOCODE_INSPECT_PORT.schema,
  SAMOCODE_DASHBOARD_PORT: VARIABLES.SAMOCODE_DASHBOARD_PORT.schema,
  SAMOCODE_STORE: VARIABLES.SAMOCODE_STORE.schema,
  SAMOCODE_ACCOUNT: VARIABLES.SAMOCODE_ACCOUNT.schema,
  SAMOCODE_MAX_SESSIONS: VARIABLES.SAMOCODE_MAX_SESSIONS.schema,
  SAMOCODE_MAX_PER_ACCOUNT: VARIABLES.SAMOCODE_MAX_PER_ACCOUNT.schema,
  SAMOCODE_LEASE_SECONDS: VARIABLES.SAMOCODE_LEASE_SECONDS.schema,
  SAMOCODE_HEARTBEAT_SECONDS: VARIABLES.SAMOCODE_HEARTBEAT_SECONDS.schema,
});
export type RawConfig = z.infer<typeof RawConfigSchema>;
