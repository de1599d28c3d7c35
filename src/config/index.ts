export type { Config, ConfigFlags, ConfigIssue, ConfigResult, ConfigSources, PathProbe } from './config.js';
export { readDotenvFiles } from './dotenv-files.js';
export { buildPathProbe, checkConfig, type LoadConfigOptions, loadConfig } from './load-config.js';
export { renderConfigIssue, renderConfigIssues, resolveConfig } from './resolve-config.js';
export { expandHome, parseSamocodeFile, readSamocodeFile, type SamocodeFile } from './samocode-file.js';
export { RawConfigSchema, SECRET_VARIABLES, VARIABLE_NAMES, VARIABLES } from './schema.js';
