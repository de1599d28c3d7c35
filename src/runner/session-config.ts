/**
 * The configuration of one session: read the sources and the session's `_settings.json`, merge
 * them (`mergeSettings`, pure), resolve the result. Writes nothing; `run` writes the record after
 * it has taken the lock.
 */
import { existsSync } from 'node:fs';
import type { ConfigResult } from '../config/config.js';
import type { SessionFlags } from '../config/flag-settings.js';
import { type LoadConfigOptions, readConfigSources } from '../config/load-config.js';
import type { MergedSettings } from '../config/merge-settings.js';
import { pickValue } from '../config/pick-value.js';
import type { RecordedSettings } from '../config/recorded-settings.js';
import { absoluteFrom, renderConfigIssues } from '../config/resolve-config.js';
import { layerSessionSettings } from '../config/session-layer.js';
import { SamocodeError } from '../errors.js';
import { buildSessionPaths, type SessionPaths } from '../session/paths.js';
import { readSessionLocation, type SessionLocation } from '../session/resolve-session.js';
import { checkSessionName } from '../session/session-name.js';
import { readSessionSettings } from '../session/session-settings.js';

export interface SessionConfigRequest extends Omit<LoadConfigOptions, 'flags'> {
  readonly session: string;
  /** Flags that set session settings (`run`, and `plan`'s what-if flags). */
  readonly flags?: SessionFlags;
  readonly now?: Date;
  /** Where the session's folder is read from instead of `SESSIONS`: a stored session's copy. */
  readonly sessionsDir?: string;
}

export interface SessionConfigCheck {
  /** The configuration with the session's settings applied, or every issue (the merge's first). */
  readonly result: ConfigResult;
  readonly merge: MergedSettings;
  /** The record as read; undefined when the session has none yet. */
  readonly recorded?: RecordedSettings;
  /** Where the session is (or would be); undefined when SESSIONS is not a folder or the name is invalid. */
  readonly location?: SessionLocation;
  readonly paths?: SessionPaths;
}

/** Reads and merges; bad values come back as issues. Only an unreadable `.samocode` or `_settings.json` throws. */
export function checkSessionConfig(request: SessionConfigRequest): SessionConfigCheck {
  const read = readConfigSources({ ...request, flags: {} });
  const { sources } = read;
  const sessionsValue = pickValue(sources, 'SESSIONS')?.value ?? '';
  const sessionsDir = request.sessionsDir ?? absoluteFrom(sources.configPath, sessionsValue);
  const location =
    (sessionsValue !== '' || request.sessionsDir !== undefined) &&
    sources.probe.isDirectory(sessionsDir) &&
    checkSessionName(request.session) === undefined
      ? readSessionLocation(sessionsDir, request.session, request.now)
      : undefined;
  const paths = location ? buildSessionPaths(location.dir) : undefined;
  const recorded = paths && !location?.isNew ? readSessionSettings(paths.settings) : undefined;
  const { result, merge } = layerSessionSettings({
    read,
    recorded,
    flags: request.flags ?? {},
    hasRun: paths !== undefined && (existsSync(paths.state) || existsSync(paths.history)),
    now: request.now ?? new Date(),
    recordPath: paths?.settings ?? '_settings.json',
  });
  return {
    result,
    merge,
    ...(recorded ? { recorded } : {}),
    ...(location ? { location } : {}),
    ...(paths ? { paths } : {}),
  };
}

/** `checkSessionConfig`, throwing `config.invalid` with every issue. */
export function loadSessionConfig(request: SessionConfigRequest): SessionConfigCheck & {
  readonly config: Extract<ConfigResult, { ok: true }>['config'];
} {
  const check = checkSessionConfig(request);
  if (!check.result.ok) throw new SamocodeError('config.invalid', renderConfigIssues(check.result.issues));
  return { ...check, config: check.result.config };
}
