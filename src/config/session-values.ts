/** The merged settings as the resolver's top layer, and the choices that are not configuration variables. Pure. */
import type { EffectiveSetting } from './merge-settings.js';
import type { SessionValue } from './pick-value.js';
import { SETTINGS } from './setting-catalog.js';

/**
 * Variable name → value for `ConfigSources.sessionValues`; a bad kept value names the record and
 * the flag that replaces it.
 */
export function toSessionValues(
  effective: Readonly<Record<string, EffectiveSetting>>,
  recordPath: string,
): Record<string, SessionValue> {
  const values: Record<string, SessionValue> = {};
  for (const spec of SETTINGS) {
    const setting = effective[spec.key];
    if (spec.variable === undefined || setting === undefined) continue;
    const flag = spec.flag ?? `--set ${spec.variable}=<value>`;
    values[spec.variable] = {
      value: String(setting.value),
      source: setting.source,
      ...(setting.source === 'session'
        ? {
            fix: `this session keeps this value in ${recordPath}; pass ${flag} with a valid value to change it`,
          }
        : {}),
    };
  }
  return values;
}

/** What a run decides from settings that are flags only. */
export interface RunChoices {
  readonly autoApprove: boolean;
  /** Stay alive at a human gate until a channel decides it. */
  readonly wait: boolean;
  readonly push: boolean;
  /** The first iteration's request (used while the session has not run its first iteration). */
  readonly dive?: string;
  readonly task?: string;
}

export function toRunChoices(effective: Readonly<Record<string, EffectiveSetting>>): RunChoices {
  const text = (key: string): string | undefined => {
    const value = effective[key]?.value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const dive = text('dive');
  const task = text('task');
  return {
    autoApprove: effective.autoApprove?.value === true,
    wait: effective.wait?.value === true,
    push: effective.push?.value === true,
    ...(dive === undefined ? {} : { dive }),
    ...(task === undefined ? {} : { task }),
  };
}
