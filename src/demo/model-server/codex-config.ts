/**
 * The `config.toml` that points codex at the model server: a custom Responses provider without
 * websockets (the built-in provider tries `ws://` several times before falling back to HTTP,
 * which costs seconds). The key is read from `CODEX_API_KEY`, the variable exec already honours.
 */
export function codexProviderConfig(baseUrl: string): string {
  return [
    'model_provider = "samocode_scripted"',
    '',
    '[model_providers.samocode_scripted]',
    'name = "samocode scripted model"',
    `base_url = "${baseUrl}/v1"`,
    'wire_api = "responses"',
    'env_key = "CODEX_API_KEY"',
    'supports_websockets = false',
    '',
  ].join('\n');
}
