/**
 * A session's recorded settings laid over what the sources say today: the merge (`mergeSettings`)
 * becomes the resolver's top layer. One path for `run`, `status` and the readers of many sessions
 * (`ls`, the dashboard). Pure over what was read.
 */

import { buildTextCleaner } from '../text/clean-text.js';
import { buildEnvRedactor } from '../text/redact.js';
import type { ConfigIssue, ConfigResult } from './config.js';
import { pickCurrentSettings } from './current-settings.js';
import type { SessionFlags } from './flag-settings.js';
import { type ReadSources, resolveReadSources } from './load-config.js';
import { type MergedSettings, mergeSettings } from './merge-settings.js';
import type { RecordedSettings } from './recorded-settings.js';
import { toSessionValues } from './session-values.js';

export interface SessionLayerInput {
  readonly read: ReadSources;
  readonly recorded: RecordedSettings | undefined;
  readonly flags: SessionFlags;
  /** Whether the session has run (its state or history exists): only then is a record adopted. */
  readonly hasRun: boolean;
  readonly now: Date;
  /** Where the record is, named in messages. */
  readonly recordPath: string;
}

export interface SessionLayer {
  /** The configuration with the session's settings applied, or every issue (the merge's first). */
  readonly result: ConfigResult;
  readonly merge: MergedSettings;
}

export function layerSessionSettings(input: SessionLayerInput): SessionLayer {
  const { sources } = input.read;
  const environment = { ...sources.dotenv, ...sources.env };
  const merge = mergeSettings({
    recorded: input.recorded,
    current: pickCurrentSettings(sources),
    flags: input.flags,
    hasRun: input.hasRun,
    mask: buildTextCleaner(buildEnvRedactor(environment)),
    now: input.now,
    recordPath: input.recordPath,
  });
  const resolved = resolveReadSources(input.read, {
    ...sources,
    sessionValues: toSessionValues(merge.effective, input.recordPath),
  });
  return { result: withIssues(resolved, merge.issues), merge };
}

function withIssues(result: ConfigResult, issues: readonly ConfigIssue[]): ConfigResult {
  if (issues.length === 0) return result;
  return result.ok
    ? {
        ok: false,
        issues,
        partial: { provider: result.config.provider, environment: result.config.environment },
      }
    : { ...result, issues: [...issues, ...result.issues] };
}
