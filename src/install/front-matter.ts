/** The YAML front matter of agent and skill files: a `name` and a `description`. Pure. */
import * as z from 'zod';

export const FrontMatterSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and hyphens, at most 64 characters'),
  description: z.string().min(1).max(1024),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** Reads the flat `key: value` lines between the leading `---` fences; undefined when absent. */
export function parseFrontMatterFields(text: string): Record<string, string> | undefined {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** The front matter of a prompt file, or every problem with it. */
export function parseFrontMatter(
  text: string,
): { ok: true; value: FrontMatter } | { ok: false; problem: string } {
  const fields = parseFrontMatterFields(text);
  if (!fields)
    return { ok: false, problem: 'no front matter (a leading --- block with name and description)' };
  const parsed = FrontMatterSchema.safeParse(fields);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
  };
}
