/**
 * The flags of `samocode run`, defined once: `run` takes them (with `--wait` and `--inspect`), and
 * `submit` takes the same ones to queue them with the session (`run-request.ts`); `serve` always
 * waits at gates and serves no inspector. Commander only: the program loads this at start-up.
 */
import { type Command, Option } from 'commander';

const collect = (item: string, earlier: string[] | undefined) => [...(earlier ?? []), item];

export function addRunFlags(command: Command): Command {
  return command
    .option('--dive <text>', 'initial investigation topic (first iteration only; kept by the session)')
    .option('--task <text>', 'initial task definition (first iteration only; kept by the session)')
    .option('--timeout <seconds>', 'per-iteration timeout in seconds (both providers)')
    .addOption(new Option('--provider <name>', 'provider CLI to drive').choices(['claude', 'codex']))
    .addOption(
      new Option(
        '--fallback-provider <name>',
        'provider that runs while the primary is usage-limited for long (SAMOCODE_FALLBACK_PROVIDER; none = no fallback)',
      ).choices(['claude', 'codex', 'none']),
    )
    .option('--model <model>', "the provider's model")
    .option(
      '--phase-model <PHASE=MODEL>',
      'run one phase on its own model (SAMOCODE_PHASE_MODELS; repeatable), e.g. --phase-model planning=opus; other phases use --model',
      collect,
    )
    .option(
      '--fallback-phase-model <PHASE=MODEL>',
      "the fallback provider's model for one phase (SAMOCODE_FALLBACK_PHASE_MODELS; repeatable)",
      collect,
    )
    .option(
      '--escalate-model <model>',
      'run an iteration that would block or fail for a reason a stronger model could change once more on this model (SAMOCODE_ESCALATE_MODEL; none = no escalation)',
    )
    .option('--once', 'run one iteration, then stop (this run only)')
    .option('--auto-approve', 'cross the plan-approval gate without a human')
    .option('--no-auto-approve', 'wait for samocode approve at the plan-approval gate again')
    .option(
      '--verify <command>',
      "check the work with this shell command before completing (VERIFY; '' = no check)",
    )
    .option('--push', "push the session branch to the main repository's origin when the session completes")
    .option('--no-push', 'do not push the session branch when the session completes')
    .option('--max-cost <usd>', 'session cost cap in US dollars (SAMOCODE_MAX_COST_USD; none = no cap)')
    .option('--max-tokens <n>', 'session token cap (SAMOCODE_MAX_TOKENS; none = no cap)')
    .option('--max-hours <h>', 'session cap on provider time in hours (SAMOCODE_MAX_HOURS; none = no cap)')
    .option(
      '--set <VARIABLE=value>',
      'change any setting the session keeps, by its variable name (repeatable), e.g. --set SAMOCODE_MAX_RETRIES=5',
      collect,
    )
    .option(
      '--grant <amounts>',
      'top up budgets and continue a session blocked on one: cost=<usd>,tokens=<n>,hours=<h>',
    );
}
