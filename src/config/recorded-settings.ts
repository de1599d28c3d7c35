/** The schema of `_settings.json`: what a session runs with, where each value came from, and every change. */
import * as z from 'zod';
import { SETTING_SOURCES } from './setting-catalog.js';

const ValueSchema = z.union([z.string(), z.boolean()]);

export const RecordedSettingSchema = z.object({
  value: ValueSchema,
  source: z.enum(SETTING_SOURCES),
  /**
   * What `.samocode`, `.env`, the environment or the default gave when the setting was recorded:
   * when they give something else later, that is reported (and not applied).
   */
  baseline: ValueSchema.optional(),
  /** The value held a secret (or a control character) and is stored cleaned; see `merge-settings.ts`. */
  isMasked: z.literal(true).optional(),
});
export type RecordedSetting = z.infer<typeof RecordedSettingSchema>;

export const SettingChangeSchema = z.object({
  time: z.string(),
  key: z.string(),
  from: ValueSchema,
  to: ValueSchema,
  /** Only a flag of a later run changes a recorded setting. */
  by: z.literal('flag'),
});
export type SettingChange = z.infer<typeof SettingChangeSchema>;

export const RecordedSettingsSchema = z.object({
  v: z.literal(1),
  recordedAt: z.string(),
  /** `created` with the session, or `adopted` by a session that ran before samocode recorded settings. */
  origin: z.enum(['created', 'adopted']),
  settings: z.record(z.string(), RecordedSettingSchema),
  changes: z.array(SettingChangeSchema),
});
export type RecordedSettings = z.infer<typeof RecordedSettingsSchema>;
