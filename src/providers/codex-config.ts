/**
 * What the login check needs from codex's `$CODEX_HOME/config.toml`: the model provider it runs on,
 * the variable each provider reads its key from, and whether a profile or base URL is set. A reader
 * of that small part of TOML, not a TOML parser: whatever it cannot follow is `isUnclear`. Pure.
 */

export interface CodexProvider {
  /** The environment variable the provider reads its API key from (`env_key`). */
  readonly envKey?: string;
  /** The provider logs in like openai does (`requires_openai_auth = true`). */
  readonly requiresOpenaiAuth?: boolean;
}

export interface CodexLoginConfig {
  readonly modelProvider?: string;
  readonly profile?: string;
  readonly openaiBaseUrl?: string;
  readonly providers: Readonly<Record<string, CodexProvider>>;
  /** A part that bears on the login was written in a way this reader does not follow. */
  readonly isUnclear: boolean;
}

const KEY_VALUE = /^([A-Za-z0-9_."' -]+?)\s*=\s*(.*)$/;
const SECTION = /^\[([^[\]]+)\]\s*(?:#.*)?$/;
const STRING = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/;
const BOOLEAN = /^(true|false)\s*(?:#.*)?$/;

/** `model_providers."my.proxy"` → `['model_providers', 'my.proxy']`: dots inside quotes stay. */
function splitKey(key: string): string[] {
  return [...key.matchAll(/"([^"]*)"|'([^']*)'|([^.\s]+)/g)].map(
    (part) => part[1] ?? part[2] ?? part[3] ?? '',
  );
}

/** `"x"`, `'x'`, `true`/`false`, or undefined for anything else (a number, an array, an inline table). */
function readScalar(raw: string): string | boolean | undefined {
  const text = raw.trim();
  const string = STRING.exec(text);
  if (string) return string[1] ?? string[2] ?? '';
  const boolean = BOOLEAN.exec(text);
  return boolean ? boolean[1] === 'true' : undefined;
}

/** `{ env_key = "K", requires_openai_auth = true }` as a provider; undefined when it does not read as one. */
function readInlineProvider(raw: string): CodexProvider | undefined {
  const inner = /^\{(.*)\}\s*(?:#.*)?$/.exec(raw.trim())?.[1];
  if (inner === undefined) return undefined;
  const envKey = /(?:^|,)\s*env_key\s*=\s*"([^"]*)"/.exec(inner)?.[1];
  const auth = /(?:^|,)\s*requires_openai_auth\s*=\s*(true|false)/.exec(inner)?.[1];
  return { ...(envKey ? { envKey } : {}), ...(auth ? { requiresOpenaiAuth: auth === 'true' } : {}) };
}

/**
 * @example
 * parseCodexLoginConfig('model_provider = "azure"\n[model_providers.azure]\nenv_key = "AZURE_OPENAI_API_KEY"\n')
 * // { modelProvider: 'azure', providers: { azure: { envKey: 'AZURE_OPENAI_API_KEY' } }, isUnclear: false }
 */
export function parseCodexLoginConfig(text: string): CodexLoginConfig {
  // Maps, not objects: a key such as `__proto__` or `constructor` is just a name here.
  const providers = new Map<string, CodexProvider>();
  const top = new Map<string, string | boolean | undefined>();
  let section: string[] = [];
  let isUnclear = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    // An array of tables (`[[x]]`) is nothing the login reads; its keys must not land in the section before it.
    if (line.startsWith('[[')) {
      section = ['[['];
      continue;
    }
    const header = SECTION.exec(line);
    if (header) {
      section = splitKey(header[1] ?? '');
      continue;
    }
    const pair = KEY_VALUE.exec(line);
    if (!pair) {
      // The rest of a multi-line value: harmless elsewhere, but inside model_providers it is not followed.
      if (section[0] === 'model_providers') isUnclear = true;
      continue;
    }
    const path = [...section, ...splitKey(pair[1] ?? '')];
    const raw = pair[2] ?? '';
    if (path[0] === 'model_providers') {
      const id = path[1];
      if (id === undefined) continue;
      if (path.length === 2) {
        const inline = readInlineProvider(raw);
        if (inline) providers.set(id, inline);
        else isUnclear = true;
        continue;
      }
      const field = path[2];
      const value = readScalar(raw);
      const known = providers.get(id) ?? {};
      if (field === 'env_key' && typeof value === 'string') providers.set(id, { ...known, envKey: value });
      else if (field === 'requires_openai_auth' && typeof value === 'boolean')
        providers.set(id, { ...known, requiresOpenaiAuth: value });
      else providers.set(id, known);
      continue;
    }
    if (path.length === 1 && path[0] !== undefined) top.set(path[0], readScalar(raw));
  }
  const asString = (key: string): string | undefined => {
    const value = top.get(key);
    if (top.has(key) && typeof value !== 'string') isUnclear = true;
    return typeof value === 'string' ? value : undefined;
  };
  const modelProvider = asString('model_provider');
  const profile = asString('profile');
  const openaiBaseUrl = asString('openai_base_url');
  return {
    ...(modelProvider ? { modelProvider } : {}),
    ...(profile ? { profile } : {}),
    ...(openaiBaseUrl ? { openaiBaseUrl } : {}),
    providers: Object.fromEntries(providers),
    isUnclear,
  };
}
